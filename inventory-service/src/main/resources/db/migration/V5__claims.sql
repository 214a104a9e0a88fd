-- Damage and loss claims (seed: "claims", "Insurance claims", no columns given). A customer claims an
-- amount for one of their items the company has held; staff approve it (for up to that amount) or deny
-- it, then record the payout of an approved one.
CREATE TABLE claim (
    id                    uuid        PRIMARY KEY,
    user_id               uuid        NOT NULL,
    item_id               uuid        NOT NULL REFERENCES item (id),
    kind                  text        NOT NULL CHECK (kind IN ('damage', 'loss')),
    description           text        NOT NULL CHECK (btrim(description) <> '' AND length(description) <= 4000),
    -- USD cents; at most $10,000 per claim (a larger one goes to the insurer by hand)
    amount_cents          bigint      NOT NULL CHECK (amount_cents > 0 AND amount_cents <= 1000000),
    photo_paths           text[]      NOT NULL DEFAULT '{}' CHECK (cardinality(photo_paths) <= 5),
    status                text        NOT NULL DEFAULT 'open'
                                      CHECK (status IN ('open', 'approved', 'denied', 'paid')),
    approved_amount_cents bigint,
    review_note           text        CHECK (btrim(review_note) <> '' AND length(review_note) <= 4000),
    reviewed_by           uuid,
    reviewed_at           timestamptz,
    paid_at               timestamptz,
    -- the transfer's id in the bank or Stripe, free text
    payout_reference      text        CHECK (btrim(payout_reference) <> '' AND length(payout_reference) <= 200),
    version               bigint      NOT NULL DEFAULT 0,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    -- each status carries exactly the facts that put the claim there, whatever writes the row
    CONSTRAINT claim_approved_amount CHECK (approved_amount_cents BETWEEN 1 AND amount_cents),
    CONSTRAINT claim_approved_has_amount CHECK ((approved_amount_cents IS NOT NULL) = (status IN ('approved', 'paid'))),
    CONSTRAINT claim_denied_has_note CHECK (status <> 'denied' OR review_note IS NOT NULL),
    CONSTRAINT claim_reviewed CHECK ((reviewed_at IS NULL) = (status = 'open')
                                     AND (reviewed_by IS NULL) = (reviewed_at IS NULL)),
    CONSTRAINT claim_paid CHECK ((paid_at IS NOT NULL) = (status = 'paid')
                                 AND (payout_reference IS NOT NULL) = (status = 'paid'))
);

-- a customer's claims, newest first (keyset pagination)
CREATE INDEX claim_user_newest ON claim (user_id, created_at DESC, id DESC);
-- the staff's queue: one status, oldest first
CREATE INDEX claim_queue ON claim (status, created_at, id);
-- an item has at most one claim being dealt with (open or approved) at a time
CREATE UNIQUE INDEX claim_one_active_per_item ON claim (item_id) WHERE status IN ('open', 'approved');
