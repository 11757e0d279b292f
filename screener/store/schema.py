"""The store's schema, as forward migrations: entry N brings a store to version N + 1."""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: sources, records, audit
    """
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL,
        database TEXT NOT NULL DEFAULT '',
        searched_on TEXT NOT NULL DEFAULT '',
        query TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL,
        record_count INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        warnings INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        key TEXT NOT NULL,
        line INTEGER NOT NULL DEFAULT 0,
        title TEXT, abstract TEXT, authors TEXT, year INTEGER,
        journal TEXT, volume TEXT, issue TEXT, pages TEXT,
        doi TEXT, pmid TEXT, issn TEXT, isbn TEXT,
        language TEXT, pub_type TEXT, keywords TEXT, url TEXT,
        database TEXT, accession TEXT,
        extra TEXT, raw TEXT
    );
    CREATE INDEX records_by_source ON records(source_id);
    CREATE INDEX records_by_doi ON records(doi) WHERE doi IS NOT NULL;
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        actor TEXT NOT NULL,
        command TEXT NOT NULL,
        details TEXT NOT NULL
    );
    """,
    # 2: duplicate links and the pair review queue, criteria runs, screening decisions
    """
    CREATE TABLE dedupe_runs (
        id INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        actor TEXT NOT NULL,
        records INTEGER NOT NULL,
        merged INTEGER NOT NULL,
        possible INTEGER NOT NULL
    );
    CREATE TABLE duplicate_links (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(id),
        canonical_id INTEGER NOT NULL REFERENCES records(id),
        run_id INTEGER REFERENCES dedupe_runs(id),
        how TEXT NOT NULL,
        score REAL,
        created_at TEXT NOT NULL,
        actor TEXT NOT NULL,
        undone_at TEXT,
        undone_by TEXT
    );
    CREATE UNIQUE INDEX duplicate_links_active ON duplicate_links(record_id)
        WHERE undone_at IS NULL;
    CREATE INDEX duplicate_links_by_canonical ON duplicate_links(canonical_id);
    CREATE TABLE pair_reviews (
        id INTEGER PRIMARY KEY,
        a_id INTEGER NOT NULL REFERENCES records(id),
        b_id INTEGER NOT NULL REFERENCES records(id),
        score REAL NOT NULL,
        reasons TEXT NOT NULL,
        run_id INTEGER REFERENCES dedupe_runs(id),
        verdict TEXT,
        decided_by TEXT,
        decided_at TEXT
    );
    CREATE INDEX pair_reviews_by_pair ON pair_reviews(a_id, b_id);
    CREATE TABLE criteria_runs (
        id INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        actor TEXT NOT NULL,
        criteria_sha256 TEXT NOT NULL,
        criteria TEXT NOT NULL
    );
    CREATE TABLE criteria_results (
        run_id INTEGER NOT NULL REFERENCES criteria_runs(id),
        record_id INTEGER NOT NULL REFERENCES records(id),
        outcome TEXT NOT NULL,
        rule_id TEXT,
        reason TEXT,
        flags TEXT,
        PRIMARY KEY (run_id, record_id)
    );
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(id),
        stage TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        verdict TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        time TEXT NOT NULL,
        undoes INTEGER REFERENCES decisions(id)
    );
    CREATE INDEX decisions_by_record ON decisions(record_id, stage, reviewer);
    """,
    # 3: the raw text of imported records in compressed blocks of consecutive records; no
    # index on DOI, which no query used and every import paid for
    """
    DROP INDEX IF EXISTS records_by_doi;
    CREATE TABLE raw_texts (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        data BLOB NOT NULL
    );
    ALTER TABLE records ADD COLUMN raw_text INTEGER REFERENCES raw_texts(id);
    ALTER TABLE records ADD COLUMN raw_at INTEGER;
    ALTER TABLE records ADD COLUMN raw_end INTEGER;
    """,
    # 4: raw-text blocks written from now on are zstd frames (earlier zlib blocks still
    # read). No table changes: the version tells screeners that know only zlib to refuse the
    # store ("written by a newer screener") instead of failing on a block.
    """
    -- nothing to change
    """,
    # 5: leases: the record each open screening session shows, so that two sessions do not
    # hand out the same record. One row per session; a lease lapses at `expires_at` (seconds
    # since the epoch) unless the session renews it.
    """
    CREATE TABLE leases (
        session TEXT PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(id),
        stage TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        expires_at REAL NOT NULL
    );
    """,
    # 6: notice links: an erratum, retraction, comment or reply found beside the article it
    # is about. Not a duplicate link (the notice stays a record of its own and is never merged
    # or counted as a duplicate); like every link, stamped undone rather than deleted.
    """
    CREATE TABLE notice_links (
        id INTEGER PRIMARY KEY,
        notice_id INTEGER NOT NULL REFERENCES records(id),
        article_id INTEGER NOT NULL REFERENCES records(id),
        kind TEXT NOT NULL,
        run_id INTEGER REFERENCES dedupe_runs(id),
        created_at TEXT NOT NULL,
        actor TEXT NOT NULL,
        undone_at TEXT,
        undone_by TEXT
    );
    CREATE UNIQUE INDEX notice_links_active ON notice_links(notice_id, article_id)
        WHERE undone_at IS NULL;
    CREATE INDEX notice_links_by_article ON notice_links(article_id);
    """,
    # 7: the evidence of every duplicate link, and a person's merges as acts that can be
    # undone exactly. `reasons` (JSON list) and `score` are what the engine said of the pair
    # (`matched_id` and the record) that linked the record; `merge_id` names the person's
    # merge that put the link in place, `replaces` the link it stood in for (restored when
    # that merge is undone). All nullable: links made before this version carry none.
    """
    CREATE TABLE merges (
        id INTEGER PRIMARY KEY,
        a_id INTEGER NOT NULL REFERENCES records(id),
        b_id INTEGER NOT NULL REFERENCES records(id),
        moved_id INTEGER NOT NULL REFERENCES records(id),
        into_id INTEGER NOT NULL REFERENCES records(id),
        reason TEXT NOT NULL DEFAULT '',
        time TEXT NOT NULL,
        actor TEXT NOT NULL
    );
    ALTER TABLE duplicate_links ADD COLUMN reasons TEXT;
    ALTER TABLE duplicate_links ADD COLUMN matched_id INTEGER REFERENCES records(id);
    ALTER TABLE duplicate_links ADD COLUMN merge_id INTEGER REFERENCES merges(id);
    ALTER TABLE duplicate_links ADD COLUMN replaces INTEGER REFERENCES duplicate_links(id);
    CREATE INDEX duplicate_links_by_merge ON duplicate_links(merge_id) WHERE merge_id IS NOT NULL;
    """,
    # 8: screening as a team. Every decision gets a UUID (so a synced copy is recognised and
    # never added twice), the sha256 of criteria.toml it was made under, and a kind:
    # "decision" (a reviewer's verdict) or "resolution" (an adjudicator settling a
    # conflict). Pilot rounds are samples every reviewer screens at stage "pilot". The
    # review has an id of its own, so that a sync file from another review is refused, and
    # decisions read from a sync file for records this copy lacks are kept aside.
    """
    ALTER TABLE decisions ADD COLUMN uuid TEXT;
    ALTER TABLE decisions ADD COLUMN criteria_sha256 TEXT NOT NULL DEFAULT '';
    ALTER TABLE decisions ADD COLUMN kind TEXT NOT NULL DEFAULT 'decision';
    UPDATE decisions SET uuid = lower(hex(randomblob(16))) WHERE uuid IS NULL;
    CREATE UNIQUE INDEX decisions_by_uuid ON decisions(uuid);
    CREATE TABLE review_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    INSERT INTO review_meta (key, value) VALUES ('review_id', lower(hex(randomblob(16))));
    CREATE TABLE pilot_rounds (
        id INTEGER PRIMARY KEY,
        round INTEGER NOT NULL UNIQUE,
        size INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        from_status TEXT NOT NULL DEFAULT '',
        by_database INTEGER NOT NULL DEFAULT 0,
        criteria_sha256 TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        actor TEXT NOT NULL
    );
    CREATE TABLE pilot_records (
        round_id INTEGER NOT NULL REFERENCES pilot_rounds(id),
        record_id INTEGER NOT NULL REFERENCES records(id),
        position INTEGER NOT NULL,
        PRIMARY KEY (round_id, record_id)
    );
    CREATE TABLE sync_pending (
        uuid TEXT PRIMARY KEY,
        reviewer TEXT NOT NULL,
        line TEXT NOT NULL,
        received_at TEXT NOT NULL
    );
    """,
    # 9: reporting and synthesis. A source says how it was found (`method`: "database", or
    # one of PRISMA 2020's other routes: "register", "website", "organisation", "citation",
    # "other", or "previous" for the studies of the review being updated), so the flow
    # diagram counts each in its box. Coded values are the synthesis stage's answers: one row
    # per (record, field, coder) entry, append-only like decisions (`undoes` names the row an
    # undo takes back; a later row for the same key supersedes an earlier one).
    """
    ALTER TABLE sources ADD COLUMN method TEXT NOT NULL DEFAULT 'database';
    CREATE TABLE coded_values (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES records(id),
        field TEXT NOT NULL,
        coder TEXT NOT NULL,
        value TEXT NOT NULL,
        time TEXT NOT NULL,
        undoes INTEGER REFERENCES coded_values(id),
        frame_sha256 TEXT NOT NULL DEFAULT '',
        uuid TEXT NOT NULL UNIQUE
    );
    CREATE INDEX coded_values_by_record ON coded_values(record_id, field, coder);
    """,
)
