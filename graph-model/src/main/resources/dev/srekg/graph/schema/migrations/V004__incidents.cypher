// Incidents: one per SLO breach, with the context computed when it fired.
CREATE CONSTRAINT incident_id IF NOT EXISTS FOR (i:Incident) REQUIRE i.id IS UNIQUE;
CREATE INDEX incident_opened IF NOT EXISTS FOR (i:Incident) ON (i.openedAt);
