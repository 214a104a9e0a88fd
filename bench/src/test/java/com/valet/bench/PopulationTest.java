package com.valet.bench;

import org.junit.jupiter.api.Test;

import java.util.IntSummaryStatistics;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pure and fast: no database, no service. */
class PopulationTest {

    @Test
    void everyItemHasOneOwnerAndTheCatalogueSizesVary() {
        Population population = Population.spread(10_000, 1_000_000, 42);
        List<Population.Customer> customers = population.customers();
        IntSummaryStatistics sizes = customers.stream().mapToInt(Population.Customer::items).summaryStatistics();
        assertEquals(1_000_000, sizes.getSum());
        assertTrue(sizes.getMin() >= 1 && sizes.getMin() <= 15, "smallest catalogue " + sizes.getMin());
        assertTrue(sizes.getMax() >= 400, "largest catalogue " + sizes.getMax());
        long next = 0;
        for (Population.Customer customer : customers) {
            assertEquals(next, customer.firstItem());
            next += customer.items();
        }
        assertEquals(10_000, customers.stream().map(Population.Customer::id).distinct().count());
    }

    @Test
    void sameSeedSameCustomers() {
        assertEquals(Population.spread(50, 5_000, 7), Population.spread(50, 5_000, 7));
    }

    @Test
    void tinyRunsStillGiveEveryoneAnItem() {
        Population population = Population.spread(3, 3, 1);
        assertTrue(population.customers().stream().allMatch(c -> c.items() == 1));
        assertThrows(IllegalArgumentException.class, () -> Population.spread(10, 9, 1));
    }
}
