// Issue 15: a service is identified by (environment, name). Existing services, and every fact and hour that named
// them by name alone, become the default environment's ($defaultEnvironment, srekg.default-environment), so a graph
// written before and the replay of its topics into an empty graph agree.
DROP CONSTRAINT service_name IF EXISTS;
MATCH (s:Service) WHERE s.environment IS NULL
CALL (s) { SET s.environment = $defaultEnvironment } IN TRANSACTIONS OF 10000 ROWS;
CREATE CONSTRAINT service_identity IF NOT EXISTS FOR (s:Service) REQUIRE (s.environment, s.name) IS UNIQUE;
// Deploys named their environment before it was part of the identity; one of another environment moves to its own
// service, as its replay would write it.
MATCH (d:Deployment) WHERE d.environment IS NULL OR d.environment = ''
CALL (d) { SET d.environment = $defaultEnvironment } IN TRANSACTIONS OF 10000 ROWS;
MATCH (d:Deployment)-[r:DEPLOYS]->(s:Service) WHERE d.environment <> s.environment
CALL (d, r, s) {
  MERGE (t:Service {environment: d.environment, name: s.name})
    ON CREATE SET t.firstSeen = d.at, t.recordedAt = d.recordedAt, t.virtual = false
  SET t.firstSeen = CASE WHEN d.at < t.firstSeen THEN d.at ELSE t.firstSeen END
  CREATE (d)-[:DEPLOYS]->(t)
  DELETE r
} IN TRANSACTIONS OF 10000 ROWS;
MATCH (n) WHERE (n:ScaleEvent OR n:SloBreach OR n:Incident) AND n.environment IS NULL
CALL (n) { SET n.environment = $defaultEnvironment } IN TRANSACTIONS OF 10000 ROWS;
MATCH (slo:Slo) WHERE slo.environment IS NULL
CALL (slo) { SET slo.environment = $defaultEnvironment, slo.key = $defaultEnvironment + '/' + slo.key }
  IN TRANSACTIONS OF 10000 ROWS;
MATCH (h:ServiceHour) WHERE h.environment IS NULL
CALL (h) { SET h.environment = $defaultEnvironment, h.key = $defaultEnvironment + '/' + h.key }
  IN TRANSACTIONS OF 10000 ROWS;
MATCH (h:EdgeHour) WHERE h.sourceEnvironment IS NULL
CALL (h) {
  SET h.sourceEnvironment = $defaultEnvironment, h.targetEnvironment = $defaultEnvironment,
      h.key = $defaultEnvironment + '/' + h.source + '|' + $defaultEnvironment + '/' + substring(h.key, size(h.source) + 1)
} IN TRANSACTIONS OF 10000 ROWS;
// Facts are read by service within an environment.
CREATE INDEX incident_environment IF NOT EXISTS FOR (i:Incident) ON (i.environment);
