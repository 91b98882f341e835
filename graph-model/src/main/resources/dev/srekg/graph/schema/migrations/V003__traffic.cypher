// Traffic from traces: one node per service or edge and hour, with minute arrays.
CREATE CONSTRAINT service_hour_key IF NOT EXISTS FOR (h:ServiceHour) REQUIRE h.key IS UNIQUE;
CREATE CONSTRAINT edge_hour_key IF NOT EXISTS FOR (h:EdgeHour) REQUIRE h.key IS UNIQUE;
CREATE CONSTRAINT trace_checkpoint_key IF NOT EXISTS FOR (c:TraceCheckpoint) REQUIRE c.key IS UNIQUE;
CREATE INDEX service_hour_service_hour IF NOT EXISTS FOR (h:ServiceHour) ON (h.service, h.hour);
CREATE INDEX edge_hour_source_hour IF NOT EXISTS FOR (h:EdgeHour) ON (h.source, h.hour);
CREATE INDEX edge_hour_target_hour IF NOT EXISTS FOR (h:EdgeHour) ON (h.target, h.hour);
CREATE INDEX service_hour_hour IF NOT EXISTS FOR (h:ServiceHour) ON (h.hour);
CREATE INDEX edge_hour_hour IF NOT EXISTS FOR (h:EdgeHour) ON (h.hour);
// Dependency edges are DEPENDS_ON relationships with validity intervals; the open ones are looked up by flag.
CREATE INDEX depends_on_open IF NOT EXISTS FOR ()-[d:DEPENDS_ON]-() ON (d.open);
