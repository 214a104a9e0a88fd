package com.valet.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The benchmark's customers and how many items each owns. Catalogues are uneven: a fifth of customers
 * store a handful of things, most store around the average, a tenth store a whole house (about 5x).
 * Deterministic for a given seed, so two runs load the same data.
 */
record Population(List<Customer> customers, long items) {

    /**
     * @param index     0-based; the loader generates the customer's items from it
     * @param firstItem 0-based number of the customer's first item among all items (QR labels come from it)
     */
    record Customer(int index, UUID id, int items, long firstItem) {
    }

    static Population spread(int customers, long items, long seed) {
        if (customers < 1 || items < customers) {
            throw new IllegalArgumentException("need at least one customer and one item per customer, got "
                    + customers + " customers for " + items + " items");
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] weights = new double[customers];
        double total = 0;
        for (int i = 0; i < customers; i++) {
            double kind = random.nextDouble();
            weights[i] = kind < 0.2 ? 0.1 : kind < 0.9 ? random.nextDouble(0.6, 1.4) : random.nextDouble(2.5, 5.5);
            total += weights[i];
        }
        // Everyone owns one item; the rest is shared by weight, and what rounding down leaves over goes
        // one by one to the first customers (it is fewer than the number of customers).
        long rest = items - customers;
        int[] counts = new int[customers];
        long assigned = 0;
        for (int i = 0; i < customers; i++) {
            counts[i] = 1 + (int) Math.floor(weights[i] * rest / total);
            assigned += counts[i];
        }
        for (int i = 0; assigned < items; i = (i + 1) % customers) {
            counts[i]++;
            assigned++;
        }
        List<Customer> list = new ArrayList<>(customers);
        long first = 0;
        for (int i = 0; i < customers; i++) {
            list.add(new Customer(i, customerId(i), counts[i], first));
            first += counts[i];
        }
        return new Population(List.copyOf(list), items);
    }

    /** Stable ids, so a customer's id is the same in every run. */
    static UUID customerId(int index) {
        return UUID.nameUUIDFromBytes(("bench-customer-" + index).getBytes(StandardCharsets.UTF_8));
    }

    Customer pick(SplittableRandom random) {
        return customers.get(random.nextInt(customers.size()));
    }

    int size() {
        return customers.size();
    }
}
