// Scale events, tickets, SLOs, their breaches and teams: one uniqueness constraint per MERGE key.
CREATE CONSTRAINT scale_event_key IF NOT EXISTS FOR (e:ScaleEvent) REQUIRE e.key IS UNIQUE;
CREATE CONSTRAINT ticket_key IF NOT EXISTS FOR (t:Ticket) REQUIRE t.key IS UNIQUE;
CREATE CONSTRAINT slo_key IF NOT EXISTS FOR (s:Slo) REQUIRE s.key IS UNIQUE;
CREATE CONSTRAINT slo_breach_key IF NOT EXISTS FOR (b:SloBreach) REQUIRE b.key IS UNIQUE;
CREATE CONSTRAINT team_name IF NOT EXISTS FOR (t:Team) REQUIRE t.name IS UNIQUE;
// Time-window reads: "what happened around service X between T1 and T2".
CREATE INDEX scale_event_service_at IF NOT EXISTS FOR (e:ScaleEvent) ON (e.service, e.at);
CREATE INDEX slo_breach_service_starts IF NOT EXISTS FOR (b:SloBreach) ON (b.service, b.startsAt);
CREATE INDEX ticket_opened IF NOT EXISTS FOR (t:Ticket) ON (t.openedAt);
