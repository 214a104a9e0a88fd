-- Booking's customer-area-changed gives billing its copy of out_of_service_area (decision 20): the time of the
-- area state billing holds, so an older event never overwrites a newer one. A customer billing learns about
-- from booking before any checkout gets a row with status 'inactive'.
ALTER TABLE customers ADD COLUMN area_changed_at timestamptz;
COMMENT ON COLUMN customers.out_of_service_area IS 'copy of booking''s flag, from customer-area-changed';
