"""Pure: screening prioritisation that learns from decisions.

features    the text of a record and its TF-IDF matrix (fitted once per review)
model       RelevanceModel: a linear classifier over that matrix, scores in [0, 1]
schedule    when to retrain: after every decision on small reviews, every few on large ones
simulate    replay a labelled set through prioritised screening (`screener simulate`)
metrics     WSS, recall at x%, RRF, ATD as asreview-insights defines them
stopping    the buscar stopping rule (a hypergeometric test on the last screened records)
target      the random-sample "target" stopping method

Nothing here reads a store or prints; scikit-learn, numpy and scipy are imported inside the
functions that need them, so importing this package costs nothing.
"""
