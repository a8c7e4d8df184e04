package dev.tunnelkeeper.vpn;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.ConnectionSource.NoServerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The supervisor's moves, every from x to pair: the legal ones are in VpnState's table and each happens in some run of
 * the real supervisor; the others are refused by the check every change goes through, so they cannot happen.
 */
class VpnStateTransitionsTest {
    /** Written out here, apart from the table: what the supervisor's machine is meant to do. */
    private static final Set<String> LEGAL = Set.of(
            "stopped->starting", "stopped->crashed",
            "starting->running", "starting->crashed", "starting->stopping", "starting->stopped",
            "running->crashed", "running->stopping",
            "stopping->starting", "stopping->stopped", "stopping->crashed",
            "crashed->starting", "crashed->stopping", "crashed->stopped", "crashed->crashed");

    private final LogCapture log = new LogCapture();

    @AfterEach
    void detachLog() {
        log.close();
    }

    @Test
    void theTableHasExactlyTheLegalMovesAndEveryOtherIsRefused() {
        int pairs = 0;
        for (VpnState from : VpnState.values()) {
            for (VpnState to : VpnState.values()) {
                pairs++;
                String move = move(from, to);
                assertEquals(LEGAL.contains(move), from.canGoTo(to), move);
                if (LEGAL.contains(move)) {
                    assertDoesNotThrow(() -> VpnState.checkMove(from, to), move);
                } else {
                    IllegalStateException e = assertThrows(IllegalStateException.class, () -> VpnState.checkMove(from, to), move);
                    assertEquals("the VPN cannot go from " + from.id() + " to " + to.id() + "; from " + from.id()
                            + " it goes to " + from.next().stream().map(VpnState::id).toList(), e.getMessage());
                }
            }
        }
        assertEquals(25, pairs);
    }

    /** A run of the real supervisor in virtual time, with a client, source and kill switch the run drives. */
    private static final class Run {
        final VirtualScheduler time = new VirtualScheduler();
        final List<String> calls = new CopyOnWriteArrayList<>();
        final FakeVpnClient client = new FakeVpnClient(calls);
        final RecordingSource source = new RecordingSource(calls, RecordingSource.NL, RecordingSource.DE);
        final VpnSupervisor supervisor = new VpnSupervisor(client, source, new RecordingKillSwitch(calls), time,
                Duration.ofSeconds(15), Backoff.DEFAULT, new Random(1));
        final List<String> moves = new ArrayList<>();

        Run() {
            supervisor.addListener(e -> {
                if (e.moved()) {
                    moves.add(move(e.from(), e.to()));
                }
            });
        }

        void send(VpnRequest request) {
            supervisor.send(request);
            time.runDue();
        }

        void ready() {
            client.last().ready.complete(null);
            time.runDue();
        }
    }

    @Test
    void everyLegalMoveHappensInARunOfTheSupervisor() {
        VpnRequest start = VpnRequest.start(Cause.USER);
        VpnRequest stop = VpnRequest.stop(Cause.USER, "stop");
        VpnRequest restart = VpnRequest.restart(Cause.USER, "restart");
        List<Consumer<Run>> runs = List.of(
                // start, ready, lost, retried, ready, restarted, ready, stopped
                r -> {
                    r.send(start);
                    r.ready();
                    r.client.last().ended.complete("exit 1");
                    r.time.runDue();
                    r.time.advance(Duration.ofSeconds(2));
                    r.ready();
                    r.send(restart);
                    r.ready();
                    r.send(stop);
                },
                // not ready in time, the retry stopped while it starts; a restart that finds no server
                r -> {
                    r.send(start);
                    r.time.advance(Duration.ofSeconds(15));
                    r.time.advance(Duration.ofSeconds(2));
                    r.send(stop);
                    r.send(start);
                    r.ready();
                    r.source.failNext = new NoServerException("none");
                    r.send(restart);
                },
                // no server at the start, then none at the retry either; stopped while crashed, teardown done
                r -> {
                    r.source.failNext = new NoServerException("none");
                    r.send(start);
                    r.source.failNext = new NoServerException("none");
                    r.time.advance(Duration.ofSeconds(2));
                    r.send(stop);
                },
                // crashed with its teardown still running: the stop waits for it
                r -> {
                    r.client.stopsAtOnce = false;
                    r.send(start);
                    r.ready();
                    r.client.last().ended.complete("exit 1");
                    r.time.runDue();
                    r.send(stop);
                    r.client.last().stopped.complete(null);
                    r.time.runDue();
                },
                // a configuration the client refuses before it runs
                r -> {
                    r.client.failNextStart = new VpnConfigurationException(List.of("OPENVPN_USER is not set"));
                    r.send(start);
                });
        Set<String> seen = new TreeSet<>();
        for (Consumer<Run> script : runs) {
            Run run = new Run();
            script.accept(run);
            seen.addAll(run.moves);
        }
        assertEquals(new TreeSet<>(LEGAL), seen, "every legal move, and no other, happened");
    }

    private static String move(VpnState from, VpnState to) {
        return from.id() + "->" + to.id();
    }
}
