package dev.srekg.api.web;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Work the API repeats on a thread of its own while the application runs (recording incidents, recomputing the
 * delivery gauges): a failed round is logged and the next one comes at the usual time.
 */
public abstract class Periodic implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String thread;
    private final String what;
    private final Duration firstAfter;
    private final Duration interval;
    private final AtomicBoolean woken = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;

    /**
     * @param thread the thread's name
     * @param what what a round does, for the log ("Recording incidents")
     * @param firstAfter when the first round runs after the start
     * @param interval the pause between the end of a round and the next
     */
    protected Periodic(String thread, String what, Duration firstAfter, Duration interval) {
        this.thread = thread;
        this.what = what;
        this.firstAfter = firstAfter;
        this.interval = interval;
    }

    /** One round. */
    protected abstract void round();

    /**
     * What a {@link #wake()} asks for, run on the same thread as the rounds, before the next round or within the one
     * running if it looks at {@link #takeWake()}; by default a round.
     */
    protected void urgent() {
        round();
    }

    /**
     * Asks for {@link #urgent()} now rather than at the next round; returns at once. Wakes while one is pending are
     * one.
     */
    public void wake() {
        ScheduledExecutorService running = executor;
        if (running != null && woken.compareAndSet(false, true)) {
            try {
                running.execute(() -> {
                    if (takeWake()) {
                        safely(this::urgent);
                    }
                });
            } catch (RejectedExecutionException stopping) {
                woken.set(false);
            }
        }
    }

    /** Whether a {@link #wake()} came since the last call, for a long round to answer it at once. */
    protected boolean takeWake() {
        return woken.getAndSet(false);
    }

    private void safely(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("{} failed; retrying in {}: {}", what, interval, e.getMessage());
        }
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(
                () -> safely(this::round), firstAfter.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
