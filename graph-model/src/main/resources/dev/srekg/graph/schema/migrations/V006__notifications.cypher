// The notification outbox: one node per incident, receiver and state (issue 22).
CREATE CONSTRAINT notification_id IF NOT EXISTS FOR (n:Notification) REQUIRE n.id IS UNIQUE;
CREATE INDEX notification_pending IF NOT EXISTS FOR (n:Notification) ON (n.receiver, n.settledAt);
CREATE INDEX notification_incident IF NOT EXISTS FOR (n:Notification) ON (n.incident);
