// The context reads the hours of each edge it walked by (source, target) and a range of hours: with only the
// (source, hour) index, every hour of every edge leaving the source was read and filtered by target.
CREATE INDEX edge_hour_pair_hour IF NOT EXISTS FOR (h:EdgeHour) ON (h.source, h.target, h.hour);
