// Configuration, flag, infrastructure and schema changes (issue 16), keyed by producer and id.
CREATE CONSTRAINT config_change_key IF NOT EXISTS FOR (c:ConfigChange) REQUIRE c.key IS UNIQUE;
// The estate timeline reads changes by event time, mapped to a service or not.
CREATE INDEX config_change_at IF NOT EXISTS FOR (c:ConfigChange) ON (c.at);
