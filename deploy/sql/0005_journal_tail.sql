-- Gap-free reading of the journal by readers that follow it (the gateway's live event stream).
--
-- `seq` is taken from an identity sequence when a row is inserted, but rows become visible when their
-- transaction commits, and transactions commit in any order: a transaction can take seq 10, stay open, and
-- commit after another one has taken and committed seq 11. A reader that polls `seq > last` would see 11,
-- move on, and never see 10. Sorting by xid does not fix it on its own either: transaction ids are assigned
-- at a transaction's first write, not when it takes a seq, so neither order predicts commit order.
--
-- So each row records the transaction that wrote it (`txid`, the top-level xid8 of the inserting
-- transaction), and a reader takes only rows below the horizon pg_snapshot_xmin(pg_current_snapshot()):
-- the oldest transaction still running, anywhere on the server. Every transaction below it has committed or
-- aborted, so the set of rows with txid < horizon never grows again. A reader's position is (txid, seq) and
-- it reads in that order:
--
--     horizon := pg_snapshot_xmin(pg_current_snapshot());
--     SELECT ... FROM journal
--     WHERE (txid, seq) > (@after_txid, @after_seq) AND txid < horizon
--     ORDER BY txid, seq;
--
-- Rows of one transaction share a txid and come in seq order; a transaction still open (or one that will
-- start later: its xid will be at or above the horizon) holds back only rows at or above its own xid, which
-- the reader takes once the horizon passes them. Nothing is skipped and nothing is read twice. The cost is
-- latency: a long-running transaction on the server holds the stream back until it ends (journal writes
-- are single statements, so that is someone else's transaction).
--
-- Existing rows get this migration's transaction id: they are all committed before any reader can see the
-- column, and among themselves they keep seq order.
ALTER TABLE journal ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();

CREATE INDEX journal_tail ON journal (txid, seq);
