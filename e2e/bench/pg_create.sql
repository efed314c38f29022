-- pgbench transaction: a contact create's own statements (duplicate lookup, contact, manager,
-- two details), with no server in between: what PostgreSQL alone can do on this machine.
\set n random(1, 2000000000)
BEGIN;
SELECT contact_id, kind, normalized FROM contact_details WHERE portal_id = 1 AND ((kind = 'email' AND normalized = ANY(ARRAY['pgb' || :n || '@bench.example'])) OR (kind = 'phone' AND normalized = ANY(ARRAY['+1' || :n]))) LIMIT 50;
INSERT INTO contacts (portal_id, kind, first_name, last_name, company_name, display_name, sort_name, search_key, job_title, notes, industry, access, created_by, updated_by, created_at, updated_at, last_activity_at, version) VALUES (1, 'person', 'Load', 'Test ' || :n, '', 'Load Test ' || :n, 'load test ' || :n, 'load test ' || :n || ' pgb' || :n || '@bench.example +1' || :n || ' 1' || :n, '', '', '', 'shared_read', 1, 1, now(), now(), now(), 1) RETURNING id \gset
INSERT INTO record_members (portal_id, record_kind, record_id, user_id) VALUES (1, 'contact', :id, 1);
INSERT INTO contact_details (portal_id, contact_id, kind, category, value, normalized, is_primary, position) VALUES (1, :id, 'email', 'work', 'pgb' || :n || '@bench.example', 'pgb' || :n || '@bench.example', true, 0), (1, :id, 'phone', 'mobile', '+1' || :n, '+1' || :n, true, 1);
COMMIT;
