// Catalog entities (issue 18): one node per version of an entity's description; the version valid at a moment is
// found by the entity reference and the event time.
CREATE CONSTRAINT catalog_entry_key IF NOT EXISTS FOR (e:CatalogEntry) REQUIRE e.key IS UNIQUE;
CREATE INDEX catalog_entry_ref_at IF NOT EXISTS FOR (e:CatalogEntry) ON (e.ref, e.at);
CREATE INDEX catalog_entry_service IF NOT EXISTS FOR (e:CatalogEntry) ON (e.service);
