-- Referrals (decision 20): a customer refers a friend by email; the friend's checkout makes it signed_up, the
-- friend's first paid invoice rewards the referrer with a ledger credit. The earliest referral of an email wins,
-- later ones of the same email are voided when it signs up.
ALTER TABLE referrals ADD COLUMN rewarded_at timestamptz;
ALTER TABLE referrals ADD COLUMN reward_invoice_id text;
-- one referral per referrer and friend; the rows imported from the seed may lack an email
CREATE UNIQUE INDEX referrals_referrer_email ON referrals (referrer_user_id, lower(referred_email))
    WHERE referred_email IS NOT NULL;
-- a friend signs up (and rewards) through one referral only
CREATE UNIQUE INDEX referrals_referred_once ON referrals (referred_user_id)
    WHERE status IN ('signed_up', 'rewarded');
CREATE INDEX referrals_pending_email ON referrals (lower(referred_email)) WHERE status = 'pending';

-- a referral credit is money owed to the referrer: negative, like a refund
ALTER TABLE account_ledger DROP CONSTRAINT account_ledger_entry_type_check;
ALTER TABLE account_ledger ADD CONSTRAINT account_ledger_entry_type_check
    CHECK (entry_type IN ('payment', 'refund', 'referral_credit'));
