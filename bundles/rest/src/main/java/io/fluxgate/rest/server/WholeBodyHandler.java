package io.fluxgate.rest.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives a request's whole body before the application sees the request, without holding a thread while it
 * arrives. The application (Jersey, through the servlet API) reads bodies with blocking reads, one thread each: a few
 * hundred clients sending their bodies slowly took every thread of the server, and {@code /health} with them. Here a
 * body is read as its bytes come (Jetty calls back when there are more), and only a request whose body is complete
 * takes a thread. A body must arrive within {@link #BODY_DEADLINE_MS} of the headers: a slower one, or a chunked body
 * that never ends, is answered 408 and its connection closed. Bodies in flight share a budget of memory; past it a
 * request is answered 503 at once, as a server too busy to take it.
 */
final class WholeBodyHandler extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(WholeBodyHandler.class);

    /** How long a request's body may take to arrive, from the headers to its last byte. */
    static final long BODY_DEADLINE_MS = 30_000;
    /** How many bodies of the largest size may be in flight at once. */
    private static final int LARGEST_BODIES_IN_FLIGHT = 16;

    private final long deadlineMs;
    private final long budgetBytes;
    private final AtomicLong inFlightBytes = new AtomicLong();

    WholeBodyHandler(Handler handler, long maxRequestBytes) {
        this(handler, BODY_DEADLINE_MS, Math.max(maxRequestBytes, 64 * 1024) * LARGEST_BODIES_IN_FLIGHT);
    }

    WholeBodyHandler(Handler handler, long deadlineMs, long budgetBytes) {
        super(handler);
        this.deadlineMs = deadlineMs;
        this.budgetBytes = budgetBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!hasBody(request)) {
            return super.handle(request, response, callback);
        }
        BodyReader reader = new BodyReader(request, response, callback);
        switch (reader.readAvailable()) {
            case WHOLE:
                return reader.handleWhole();
            case WAITING:
                reader.awaitTheRest();
                return true;
            default:
                return true;
        }
    }

    private static boolean hasBody(Request request) {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    private enum Progress { WHOLE, WAITING, ANSWERED }

    /** One request's body, as it arrives. Reads happen one at a time (Jetty's demand calls back once). */
    private final class BodyReader implements Runnable {

        private final Request request;
        private final Response response;
        private final Callback callback;
        private final ByteArrayOutputStream body;
        /** Set once: by the last byte, a failure, or the deadline, whichever comes first. */
        private final AtomicBoolean settled = new AtomicBoolean();
        private long reserved;
        private boolean released;
        private Scheduler.Task deadline;

        BodyReader(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            long length = request.getLength();
            this.body = new ByteArrayOutputStream(length > 0 && length <= 64 * 1024 ? (int) length : 1024);
        }

        /** Reads what has arrived. */
        Progress readAvailable() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    return Progress.WAITING;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    failed(chunk.getFailure());
                    return Progress.ANSWERED;
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                int size = bytes.remaining();
                if (size > 0 && !reserve(size)) {
                    chunk.release();
                    answer(503, "The server is receiving too many request bodies; retry later");
                    return Progress.ANSWERED;
                }
                while (bytes.hasRemaining()) {
                    body.write(bytes.get());
                }
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    return Progress.WHOLE;
                }
            }
        }

        void awaitTheRest() {
            deadline = request.getComponents().getScheduler().schedule(
                    () -> answer(408, "The request body did not arrive within " + deadlineMs / 1000 + " s"),
                    deadlineMs, TimeUnit.MILLISECONDS);
            request.demand(this);
        }

        /** More of the body arrived (or a failure): on one of Jetty's threads. */
        @Override
        public void run() {
            if (settled.get()) {
                return;
            }
            switch (readAvailable()) {
                case WAITING -> request.demand(this);
                case WHOLE -> {
                    // The application's work is blocking: on a thread of the pool, never on the one that read.
                    request.getContext().execute(() -> {
                        try {
                            if (!handleWhole()) {
                                Response.writeError(request, response, callback, 404);
                            }
                        } catch (Throwable e) {
                            Response.writeError(request, response, callback, e);
                        }
                    });
                }
                default -> {
                }
            }
        }

        /** Hands the request, its body whole, to the application. */
        boolean handleWhole() throws Exception {
            if (!settled.compareAndSet(false, true)) {
                return true;
            }
            cancelDeadline();
            byte[] bytes = body.toByteArray();
            release();
            return WholeBodyHandler.super.handle(new ReceivedBodyRequest(request, bytes), response, callback);
        }

        private void failed(Throwable failure) {
            if (failure instanceof HttpException http) {
                answer(http.getCode(), http.getReason());
            } else if (failure instanceof TimeoutException) {
                answer(408, "The request body did not arrive within the idle timeout");
            } else {
                LOG.debug("Cannot read a request body", failure);
                answer(400, "The request body could not be read: " + failure.getMessage());
            }
        }

        /** Answers with an error of Kafka Connect's shape and closes the connection, the body left unread. */
        private void answer(int status, String message) {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            cancelDeadline();
            release();
            LOG.debug("{} {} answered {} before its body was received: {}", request.getMethod(),
                    request.getHttpURI().getPath(), status, message);
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            Response.writeError(request, response, callback, status, message);
        }

        // Synchronized, with release: a read still under way when the deadline answers must not reserve after it.
        private synchronized boolean reserve(int size) {
            if (released) {
                return false;
            }
            if (inFlightBytes.addAndGet(size) > budgetBytes) {
                inFlightBytes.addAndGet(-size);
                return false;
            }
            reserved += size;
            return true;
        }

        private synchronized void release() {
            released = true;
            inFlightBytes.addAndGet(-reserved);
            reserved = 0;
        }

        private void cancelDeadline() {
            if (deadline != null) {
                deadline.cancel();
            }
        }
    }

    /** The request as the application reads it: its body, received already, in one last chunk. */
    private static final class ReceivedBodyRequest extends Request.Wrapper {

        private Content.Chunk body;

        ReceivedBodyRequest(Request request, byte[] body) {
            super(request);
            this.body = Content.Chunk.from(ByteBuffer.wrap(body), true);
        }

        @Override
        public synchronized Content.Chunk read() {
            Content.Chunk chunk = body;
            body = Content.Chunk.EOF;
            return chunk;
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }

        @Override
        public boolean consumeAvailable() {
            read();
            return true;
        }

        @Override
        public void fail(Throwable failure) {
            // nothing left to fail: the body was received whole
        }
    }
}
