-- atlas:txmode none

-- Create index "Event_createdAt_idx" to table: "Event"
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Event_createdAt_idx" ON "Event" ("createdAt");
-- Add value to enum type: "StepRunEventReason"
ALTER TYPE "StepRunEventReason" ADD VALUE 'RATE_LIMIT_ERROR';
