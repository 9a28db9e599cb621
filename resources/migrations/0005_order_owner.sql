-- 0005: which process is driving an open order ("host:pid"), so that Recovery in another
-- process (a `paydesk charge` while the GUI is open) leaves orders alone that a live process
-- is still handling, and finishes those whose process is gone (a crash, a kill).
ALTER TABLE orders ADD COLUMN owner TEXT;
