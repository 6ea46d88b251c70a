-- Consent records: append-only, each row chained to the previous one by its hash.
CREATE TABLE records (
    seq BIGINT PRIMARY KEY,
    record_id TEXT NOT NULL UNIQUE,
    consent_id TEXT NOT NULL,
    time_ms BIGINT NOT NULL,
    received_ms BIGINT NOT NULL,
    action TEXT NOT NULL,
    region TEXT NOT NULL,
    language TEXT NOT NULL,
    body TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX records_consent ON records (consent_id);
CREATE INDEX records_received ON records (received_ms);
-- The chain's head: the last sequence number and hash. Writers update it first, which
-- serializes them (and makes concurrent instances on one database take turns).
CREATE TABLE chain_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO chain_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
-- One row per retention purge: the last purged row's sequence number and hash, from which the
-- remaining chain is verified.
CREATE TABLE anchors (
    seq BIGINT PRIMARY KEY,
    hash TEXT NOT NULL,
    purged BIGINT NOT NULL,
    purged_ms BIGINT NOT NULL
);
