package com.valet.ops.task;

/** What went wrong on a visit, as a driver or the warehouse reports it. */
public enum ProblemKind {
    customer_absent,
    item_damaged,
    access_issue,
    other
}
