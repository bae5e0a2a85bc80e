package io.fluxgate.runtime.task;

import java.util.concurrent.atomic.AtomicInteger;

/** A work lease the test takes away and gives back, as a worker's group contact does across a freeze. */
final class SwitchableLease implements WorkLease {

    private volatile boolean held = true;
    private final AtomicInteger refusals = new AtomicInteger();

    @Override
    public boolean held() {
        if (!held) {
            refusals.incrementAndGet();
        }
        return held;
    }

    void lose() {
        refusals.set(0);
        held = false;
    }

    void regain() {
        held = true;
    }

    /** How often the lease was asked for and refused since it was lost: each is a write the task did not make. */
    int refusals() {
        return refusals.get();
    }
}
