-- Realistic legacy rows, some of them dirty (each dirty row says what is wrong with it).
-- Ids: customers ...c1-c8, items ...11-18, inventory events ...21-24, actions ...31-35, booking events ...41-44,
-- claims ...51-52, staff ...61-62, referral ...71, container type ...81; ...99 is an item that does not exist.
INSERT INTO public.service_areas VALUES ('78701', 'Austin', 'TX'), ('78702', 'Austin', 'tx'),
    ('ABCDE', 'Nowhere', 'TX');                                        -- dirty: not a ZIP

INSERT INTO auth.users (id, email) SELECT ('00000000-0000-4000-8000-0000000000c' || n)::uuid, 'user' || n || '@example.com'
    FROM generate_series(1, 8) n;

INSERT INTO public.customer_profile (user_id, email, stripe_customer_id, subscription_id, subscription_status, last_payment_at,
        trial_start, trial_end, full_name, phone, delivery_address, out_of_service_area, needs_manual_refund, created_at, updated_at) VALUES
 ('00000000-0000-4000-8000-0000000000c1', 'Ana@Example.com', 'cus_ana', 'sub_ana', 'active', '2026-01-10T10:00:00Z', NULL, NULL,
  'Ana Alvarez', '(512) 555-0101', '{"street":"12 Main St","unit":"4B","city":"Austin","state":"TX","zip":"78701"}', false, false,
  '2025-03-01T09:00:00Z', '2026-01-10T10:00:00Z'),
 ('00000000-0000-4000-8000-0000000000c2', 'ben@example.com', 'cus_ben', 'sub_ben', 'trialing', NULL, '2026-01-01T00:00:00Z',
  '2026-01-15T00:00:00Z', 'Ben Brown', '+15125550102', '{"street":"9 Oak Ave","city":"Austin","state":"TX","zip":"78702"}',
  false, false, '2025-12-30T12:00:00Z', '2026-01-01T00:00:00Z'),
 ('00000000-0000-4000-8000-0000000000c3', 'cal@example.com', NULL, NULL, 'inactive', NULL, NULL, NULL,
  'Cal Chen', NULL, '{"street":"1 Elm St","city":"Austin","state":"TX"}',          -- dirty: the address has no zip
  true, false, '2025-06-01T00:00:00Z', '2025-06-01T00:00:00Z'),
 ('00000000-0000-4000-8000-0000000000c4', 'dee@example.com', 'cus_dee', 'sub_dee', 'past_due', '2025-11-01T00:00:00Z', NULL, NULL,
  'Dee Diaz', '5125550104', '{"street":"5 Broadway","city":"New York","state":"NY","zip":"10001"}',
  false,                                                                           -- dirty: 10001 is not served
  true, '2025-04-01T00:00:00Z', '2025-11-01T00:00:00Z'),
 ('00000000-0000-4000-8000-0000000000c5', 'eve@example.com', NULL, NULL, 'inactive', NULL, NULL, NULL,
  'Eve Evans', 'call me',                                                          -- dirty: not a phone number
  '{"street":"3 Pine St","city":"Austin","state":"TX","zip":"78701"}', false, false, '2025-07-01T00:00:00Z', '2025-07-01T00:00:00Z'),
 ('00000000-0000-4000-8000-0000000000c6', 'fay@example.com', 'cus_fay', 'sub_fay', 'canceled', '2025-08-01T00:00:00Z', NULL, NULL,
  'Fay Fox', NULL, '{"street":"7 Lake Rd","city":"Austin","state":"TX","zip":"78702"}', false, false,
  '2025-02-01T00:00:00Z', '2025-09-01T00:00:00Z'),
 ('00000000-0000-4000-8000-0000000000c7', 'gus@example.com', 'cus_gus', 'sub_gus', 'active', '2026-01-05T00:00:00Z', NULL, NULL,
  'Gus Gray', '+1 512 555 0107', '{"street":"2 River Way","city":"Austin","state":"TX","zip":"78701"}', false, false,
  '2025-01-15T00:00:00Z', '2026-01-05T00:00:00Z');

INSERT INTO billing.customers (user_id, stripe_customer_id) VALUES
 ('00000000-0000-4000-8000-0000000000c1', 'cus_ana'),
 ('00000000-0000-4000-8000-0000000000c6', 'cus_fay_other'),                     -- dirty: disagrees with the profile
 ('00000000-0000-4000-8000-0000000000c8', 'cus_hal');                           -- paid, never made a profile

INSERT INTO public.items (id, user_id, label, description, category, status, photo_paths, qr_code, weight_lbs, dimensions,
        physical_locked_at, tags, created_at, updated_at) VALUES
 ('00000000-0000-4000-8000-000000000011', '00000000-0000-4000-8000-0000000000c1', 'Winter coats', 'Three wool coats', 'clothing',
  'stored', '{c1/coats.jpg}', 'SV-2025-000101', 12.5, '{"length":24,"width":18,"height":12}', '2025-03-05T00:00:00Z',
  '{winter,clothes}', '2025-03-02T00:00:00Z', '2025-03-05T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000012', '00000000-0000-4000-8000-0000000000c1', 'Road bike', 'Blue road bike, 56 cm', 'sport',
  'stored', '{c1/bike-1.jpg,c1/bike-2.jpg}', 'SV-2025-000102', 22, '{"length":68,"width":10,"height":40}', '2025-03-05T00:00:00Z',
  '{bike}', '2025-03-02T00:05:00Z', '2025-03-05T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000013', '00000000-0000-4000-8000-0000000000c2', 'Camping tent', 'Four-person tent', 'outdoor',
  'home', '{c2/tent.jpg}', 'SV-2026-000007', NULL, NULL, NULL, '{camping}', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000014', '00000000-0000-4000-8000-0000000000c2', 'Lamp', 'Brass floor lamp', 'household',
  'home', '{c2/lamp.jpg}', 'SV-26-12',                                           -- dirty: not SV-YYYY-NNNNNN
  NULL, NULL, NULL, '{}', '2026-01-03T00:00:00Z', '2026-01-03T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000015', '00000000-0000-4000-8000-0000000000c4', 'Chair', '   ',   -- dirty: no description
  'household', 'home', '{c4/chair.jpg}', 'SV-2026-000005', NULL, NULL, NULL, '{}', '2026-01-04T00:00:00Z', '2026-01-04T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000016', '00000000-0000-4000-8000-0000000000c5', 'Box of records', 'Vinyl, 1970s', 'music',
  'home', '{}',                                                                    -- dirty: no photo
  'SV-2026-000006', NULL, NULL, NULL, '{}', '2026-01-04T00:00:00Z', '2026-01-04T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000017', '00000000-0000-4000-8000-0000000000c7', 'Skis', 'Pair of skis with poles', 'sport',
  'in_transit', '{c7/skis.jpg}', 'SV-2025-000150', 9, '{"length":70,"width":8,"height":6}', '2025-12-20T00:00:00Z',
  '{winter,ski}', '2025-12-10T00:00:00Z', '2025-12-20T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000018', '00000000-0000-4000-8000-0000000000c3', 'Desk', 'Oak writing desk', 'furniture',
  'scheduled', '{c3/desk.jpg}', 'SV-2024-000009', 60, '{"length":48,"height":30}',   -- dirty: no width
  NULL, '{}', '2024-11-01T00:00:00Z', '2024-11-02T00:00:00Z');

INSERT INTO public.inventory_events (id, item_id, event_type, event_data, created_at) VALUES
 ('00000000-0000-4000-8000-000000000021', '00000000-0000-4000-8000-000000000011', 'created', '{"by":"customer"}', '2025-03-02T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000022', '00000000-0000-4000-8000-000000000011', 'stored', '{"location":"A-1-1"}', '2025-03-05T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000023', '00000000-0000-4000-8000-000000000013', 'created', NULL, '2026-01-02T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000024', '00000000-0000-4000-8000-000000000016', 'created', NULL, '2026-01-04T00:00:00Z');  -- its item has no photo

INSERT INTO public.actions (id, user_id, service_type, status, pickup_item_ids, delivery_item_ids, calendly_event_uri,
        scheduled_start, scheduled_end, created_at, updated_at) VALUES
 ('00000000-0000-4000-8000-000000000031', '00000000-0000-4000-8000-0000000000c1', 'pickup', 'completed',
  '{00000000-0000-4000-8000-000000000011,00000000-0000-4000-8000-000000000012}', '{}', 'https://api.calendly.com/scheduled_events/EV1',
  '2025-03-04T14:00:00Z', '2025-03-04T16:00:00Z', '2025-03-02T01:00:00Z', '2025-03-05T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000032', '00000000-0000-4000-8000-0000000000c2', 'pickup', 'pending_confirmation',
  '{00000000-0000-4000-8000-000000000013,00000000-0000-4000-8000-000000000099}',  -- dirty: ...99 does not exist
  '{}', NULL, NULL, NULL, '2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000033', '00000000-0000-4000-8000-0000000000c3', 'redelivery', 'pending_items',
  '{}', '{00000000-0000-4000-8000-000000000018}', NULL, NULL, NULL,                -- dirty: its customer has no address
  '2025-06-02T00:00:00Z', '2025-06-02T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000034', '00000000-0000-4000-8000-0000000000c4', 'redelivery', 'confirmed',
  '{}', '{00000000-0000-4000-8000-000000000015}', NULL, NULL, NULL,                -- dirty: confirmed without a time
  '2026-01-06T00:00:00Z', '2026-01-06T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000035', '00000000-0000-4000-8000-0000000000c7', 'pickup', 'canceled',
  '{00000000-0000-4000-8000-000000000017}', '{}', 'https://api.calendly.com/scheduled_events/EV5', '2025-12-15T14:00:00Z',
  '2025-12-15T16:00:00Z', '2025-12-10T01:00:00Z', '2025-12-11T00:00:00Z');

INSERT INTO public.booking_events (id, action_id, event_type, metadata, created_at) VALUES
 ('00000000-0000-4000-8000-000000000041', '00000000-0000-4000-8000-000000000031', 'created', '{}', '2025-03-02T01:00:00Z'),
 ('00000000-0000-4000-8000-000000000042', '00000000-0000-4000-8000-000000000031', 'calendly_webhook',
  '{"event_uri":"https://api.calendly.com/scheduled_events/EV1"}', '2025-03-02T02:00:00Z'),
 ('00000000-0000-4000-8000-000000000043', '00000000-0000-4000-8000-000000000033', 'created', NULL, '2025-06-02T00:00:00Z'),  -- its action is skipped
 ('00000000-0000-4000-8000-000000000044', '00000000-0000-4000-8000-000000000035', 'canceled', '{"reason":"moved"}', '2025-12-11T00:00:00Z');

INSERT INTO public.claims (id, user_id, item_id, claim_type, description, amount_cents, status, created_at) VALUES
 ('00000000-0000-4000-8000-000000000051', '00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-000000000011',
  'damage', 'A coat came back torn', 5000, 'open', '2025-04-01T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000052', '00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-000000000012',
  'loss', 'A pedal is missing', 2000, 'approved', '2025-04-02T00:00:00Z');  -- decided already

INSERT INTO billing.webhook_events (event_id, event_type, payload, processed_at, created_at) VALUES
 ('evt_legacy_1', 'invoice.paid', '{"id":"evt_legacy_1","object":"event","created":1767225600,"type":"invoice.paid","data":{"object":{"id":"in_1"}}}',
  '2026-01-01T00:00:05Z', '2026-01-01T00:00:01Z'),
 ('evt_legacy_2', 'customer.subscription.updated', '{"id":"evt_legacy_2","object":"event","created":1767312000,"type":"customer.subscription.updated","data":{"object":{"id":"sub_dee"}}}',
  NULL, '2026-01-02T00:00:01Z');                                                  -- never processed

INSERT INTO sv.staff (user_id, role, full_name, active, created_at) VALUES
 ('00000000-0000-4000-8000-000000000061', 'driver', 'Dan Driver', true, '2025-01-01T00:00:00Z'),
 ('00000000-0000-4000-8000-000000000062', 'janitor', 'Jim Janitor', true, '2025-01-01T00:00:00Z');  -- not a staff role here
INSERT INTO sv.referrals (id, referrer_user_id, referred_email, status, created_at) VALUES
 ('00000000-0000-4000-8000-000000000071', '00000000-0000-4000-8000-0000000000c1', 'Friend@Example.com', 'pending', '2025-05-01T00:00:00Z');
INSERT INTO sv.container_catalog (id, name, description, length_in, width_in, height_in, price_cents, active, created_at) VALUES
 ('00000000-0000-4000-8000-000000000081', 'Standard tote', 'Lidded plastic tote', 27, 17, 12, 1500, true, '2025-01-01T00:00:00Z');
