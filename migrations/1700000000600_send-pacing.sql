-- Up Migration
-- One row per paced provider account (a channel here): the earliest time its next send may go out.
CREATE TABLE send_pacing (
  account text PRIMARY KEY,
  next_at timestamptz NOT NULL
);

-- Down Migration
DROP TABLE send_pacing;
