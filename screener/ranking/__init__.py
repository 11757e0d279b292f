"""Screening prioritisation: features, an active-learning model, a stopping estimate and
the simulation that measures them. Pure: records and labels in, orders and figures out."""
