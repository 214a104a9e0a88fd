package com.valet.billing.referral;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static com.valet.billing.BillingFixtures.PROBLEM;
import static com.valet.billing.BillingFixtures.count;
import static com.valet.billing.BillingFixtures.deliver;
import static com.valet.billing.BillingFixtures.event;
import static com.valet.billing.BillingFixtures.invoice;
import static com.valet.billing.BillingFixtures.knownCustomer;
import static com.valet.billing.BillingFixtures.newEventId;
import static com.valet.billing.BillingFixtures.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ReferralTest {

    @Test
    void aCustomerRefersFriendsByEmailAndSeesOnlyTheirOwnReferrals() {
        UUID alice = UUID.randomUUID();
        String friend = "Bob." + alice.toString().substring(0, 8) + "@Example.com";
        refer(alice, " " + friend + " ").statusCode(201)
                .body("referred_email", equalTo(friend.toLowerCase()))
                .body("status", equalTo("pending"))
                .body("rewarded_at", nullValue());
        refer(alice, friend.toLowerCase()).statusCode(409).contentType(PROBLEM)
                .body("referral_id", notNullValue()).body("referral_status", equalTo("pending"));
        refer(alice, alice + "@example.com").statusCode(422).contentType(PROBLEM) // the token's own email
                .body("errors[0].field", equalTo("email"));
        for (String bad : new String[] {"not-an-email", "a@b", "two@@example.com", "sp ace@example.com", ""}) {
            refer(alice, bad).statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("email"));
        }
        given().auth().oauth2(token(alice)).contentType(ContentType.JSON).body("{}").post("/referrals")
                .then().statusCode(400).contentType(PROBLEM);
        given().contentType(ContentType.JSON).body(Map.of("email", "x@example.com")).post("/referrals")
                .then().statusCode(401).contentType(PROBLEM);

        given().auth().oauth2(token(alice)).get("/referrals").then().statusCode(200)
                .body("", hasSize(1)).body("[0].referred_email", equalTo(friend.toLowerCase()));
        given().auth().oauth2(token(UUID.randomUUID())).get("/referrals").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void theFriendsFirstPaidInvoiceRewardsTheEarliestReferrerOnce() {
        UUID alice = UUID.randomUUID();
        UUID carol = UUID.randomUUID();
        UUID friend = UUID.randomUUID();
        String friendEmail = friend + "@example.com"; // the email billing knows the friend by
        refer(alice, friendEmail).statusCode(201);
        refer(carol, friendEmail.toUpperCase()).statusCode(201);
        refer(friend, "someone-else@example.com").statusCode(201); // the friend's own referrals are theirs

        String cus = knownCustomer(friend, false);
        String session = "{\"id\":\"cs_r" + friend.toString().substring(0, 8) + "\",\"object\":\"checkout.session\","
                + "\"mode\":\"subscription\",\"customer\":\"" + cus + "\",\"subscription\":\"sub_r\","
                + "\"client_reference_id\":\"" + friend + "\"}";
        deliver(event(newEventId(), "checkout.session.completed", now(), session)).statusCode(200);
        status(alice, "signed_up");
        status(carol, "void"); // one friend, one referrer: the earliest

        // a trial's $0 first invoice is not a payment
        deliver(event(newEventId(), "invoice.paid", now(), invoice("in_t" + friend.toString().substring(0, 8), cus,
                "sub_r", 0, now()))).statusCode(200);
        status(alice, "signed_up");

        byte[] paid = event(newEventId(), "invoice.paid", now(), invoice("in_p" + friend.toString().substring(0, 8), cus,
                "sub_r", 4900, now()));
        deliver(paid).statusCode(200).body("outcome", equalTo("applied"));
        deliver(paid).statusCode(200).body("outcome", equalTo("duplicate"));
        deliver(event(newEventId(), "invoice.paid", now() + 1, invoice("in_n" + friend.toString().substring(0, 8), cus,
                "sub_r", 4900, now() + 1))).statusCode(200); // next month: no second reward
        status(alice, "rewarded").body("[0].rewarded_at", notNullValue());
        status(carol, "void");

        given().auth().oauth2(token(alice)).get("/subscription").then().statusCode(200)
                .body("subscription_status", equalTo("inactive"))
                .body("ledger", hasSize(1))
                .body("ledger[0].entry_type", equalTo("referral_credit"))
                .body("ledger[0].amount_cents", equalTo(-2500))
                .body("ledger[0].currency", equalTo("usd"));
        assertEquals(1, count("SELECT count(*) FROM account_ledger WHERE entry_type = 'referral_credit' AND user_id = '"
                + alice + "'"));
        assertEquals(0, count("SELECT count(*) FROM account_ledger WHERE entry_type = 'referral_credit' AND user_id = '"
                + carol + "'"));
    }

    private static io.restassured.response.ValidatableResponse refer(UUID user, String email) {
        return given().auth().oauth2(token(user)).contentType(ContentType.JSON).body(Map.of("email", email))
                .post("/referrals").then();
    }

    private static io.restassured.response.ValidatableResponse status(UUID referrer, String status) {
        return given().auth().oauth2(token(referrer)).get("/referrals").then().statusCode(200)
                .body("", hasSize(1)).body("[0].status", equalTo(status));
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
