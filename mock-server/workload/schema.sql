-- Work-order store of the feed server (issue 6, docs/protocol.md §8). The same SQL runs on embedded PGlite and on a
-- PostgreSQL server (DATABASE_URL). Idempotent: applied on every start.
--
-- wo_events is the append-only event log: one row per transition, comment, merge or escalation, with a global
-- sequence (the broadcast stream's sequence). work_orders holds each order's current state (the fold of its events),
-- upserted in the SAME transaction as the events that changed it, so the two never disagree.

create table if not exists wo_meta (
  key text primary key,
  value jsonb not null
);

create table if not exists wo_events (
  seq bigint primary key,
  order_id text not null,
  sim_time_ms double precision not null,
  actor_kind text not null,
  actor_id text not null,
  action jsonb not null,
  from_stage text,
  to_stage text not null,
  recorded_at timestamptz not null default now()
);
create index if not exists wo_events_order on wo_events (order_id, seq);

create table if not exists work_orders (
  id text primary key,
  stage text not null,
  category text not null,
  department text,
  grid_cell integer not null,
  created_ms double precision not null,
  closed_ms double precision,
  version bigint not null,
  -- The whole WorkOrder; NaN times are stored as null (JSON has no NaN).
  state jsonb not null
);
create index if not exists work_orders_stage on work_orders (stage);
create index if not exists work_orders_closed on work_orders (closed_ms);

create table if not exists reports (
  id text primary key,
  order_id text not null,
  source text not null,
  category text not null,
  sim_time_ms double precision not null,
  report jsonb not null
);
create index if not exists reports_order on reports (order_id);

-- Photos of reports: placeholder files in <data dir>/attachments/, named here.
create table if not exists attachments (
  file_name text primary key,
  report_id text not null,
  order_id text not null,
  bytes integer not null,
  media_type text not null
);
