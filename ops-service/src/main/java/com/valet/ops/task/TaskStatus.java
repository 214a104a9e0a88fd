package com.valet.ops.task;

import java.util.Set;

/** A task's lifecycle (ops-service/README.md draws it). */
public enum TaskStatus {
    open,
    assigned,
    in_progress,
    problem,
    done,
    canceled;

    /** Not finished: booking-canceled and an admin may still cancel it, payments still flag it. */
    public static final Set<TaskStatus> LIVE = Set.of(open, assigned, in_progress, problem);

    public boolean isTerminal() {
        return this == done || this == canceled;
    }
}
