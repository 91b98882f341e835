// Services are identified by name; every MERGE has a uniqueness constraint behind it.
CREATE CONSTRAINT service_name IF NOT EXISTS FOR (s:Service) REQUIRE s.name IS UNIQUE;
CREATE CONSTRAINT deployment_key IF NOT EXISTS FOR (d:Deployment) REQUIRE d.key IS UNIQUE;
// "Version running at T" reads deployments of a service by event time.
CREATE INDEX deployment_service_at IF NOT EXISTS FOR (d:Deployment) ON (d.service, d.at);
