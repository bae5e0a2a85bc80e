package io.fluxgate.runtime.task;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.source.SourceRecord;

/**
 * The records a source task has handed to the producer, per source partition in poll order, so that only offsets of
 * records the broker acknowledged are committed (Kafka Connect's {@code SubmittedRecords}): the committable offset
 * of a partition is that of its last record such that it and every earlier record of the partition were acknowledged
 * or dropped. Submission and {@link #committableOffsets()} happen on the task's thread; acknowledgements come from
 * the producer's.
 */
final class SubmittedRecords {

    private final Map<Map<String, Object>, Deque<SubmittedRecord>> records = new HashMap<>();
    // Lock-free on the hot path: the producer's thread acknowledges while the task's thread submits.
    private final AtomicInteger pending = new AtomicInteger();
    private final Object drained = new Object();
    private final int limit;

    /** @param limit how many records may be pending before {@link #awaitRoom(long)} waits */
    SubmittedRecords(int limit) {
        this.limit = limit;
    }

    @SuppressWarnings("unchecked")
    SubmittedRecord submit(SourceRecord record) {
        return submit((Map<String, Object>) record.sourcePartition(), (Map<String, Object>) record.sourceOffset());
    }

    SubmittedRecord submit(Map<String, Object> partition, Map<String, Object> offset) {
        SubmittedRecord submitted = new SubmittedRecord(partition, offset);
        records.computeIfAbsent(partition, p -> new ArrayDeque<>()).add(submitted);
        pending.incrementAndGet();
        return submitted;
    }

    /**
     * Forgets every record still tracked (their partition and offset maps): the task ended, nothing of it will be
     * committed any more. On the task's thread, as submissions.
     */
    void forget() {
        records.clear();
    }

    /** Forgets a record the producer refused synchronously: it will be sent again, or never. */
    void remove(SubmittedRecord record) {
        Deque<SubmittedRecord> deque = records.get(record.partition);
        if (deque != null) {
            deque.removeLastOccurrence(record);
            if (deque.isEmpty()) {
                records.remove(record.partition);
            }
        }
        record.settle();
    }

    /** The latest committable offset per partition since the last call; acknowledged heads are dropped. */
    Map<Map<String, Object>, Map<String, Object>> committableOffsets() {
        Map<Map<String, Object>, Map<String, Object>> result = new HashMap<>();
        records.entrySet().removeIf(entry -> {
            Deque<SubmittedRecord> deque = entry.getValue();
            SubmittedRecord last = null;
            while (!deque.isEmpty() && deque.peekFirst().acked) {
                last = deque.pollFirst();
            }
            if (last != null) {
                result.put(entry.getKey(), last.offset);
            }
            return deque.isEmpty();
        });
        return result;
    }

    /** Waits until every submitted record is acknowledged or removed; false on timeout. */
    boolean awaitAllMessages(long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        synchronized (drained) {
            while (pending.get() > 0) {
                long remaining = deadline - System.currentTimeMillis();
                if (remaining <= 0) {
                    return false;
                }
                try {
                    drained.wait(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Whether as many records are pending as the limit allows: the task should not poll more. */
    boolean full() {
        return pending.get() >= limit;
    }

    /** Waits until fewer records than the limit are pending, at most {@code timeoutMs}; true when there is room. */
    boolean awaitRoom(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        synchronized (drained) {
            while (full()) {
                long remaining = deadline - System.currentTimeMillis();
                if (remaining <= 0) {
                    return false;
                }
                drained.wait(remaining);
            }
            return true;
        }
    }

    int pending() {
        return pending.get();
    }

    final class SubmittedRecord {
        private final Map<String, Object> partition;
        private final Map<String, Object> offset;
        private volatile boolean acked;
        private final AtomicBoolean settled = new AtomicBoolean();

        private SubmittedRecord(Map<String, Object> partition, Map<String, Object> offset) {
            this.partition = partition;
            this.offset = offset;
        }

        /** The broker acknowledged the record (or its failure is tolerated): its offset may be committed. */
        void ack() {
            acked = true;
            settle();
        }

        private void settle() {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            int left = pending.decrementAndGet();
            // Only two moments are waited for: room under the limit (a throttled task), and none left (a final
            // commit). Notifying on those alone keeps the producer's thread off the lock for every other record.
            if (left == 0 || left == limit - 1) {
                synchronized (drained) {
                    drained.notifyAll();
                }
            }
        }
    }
}
