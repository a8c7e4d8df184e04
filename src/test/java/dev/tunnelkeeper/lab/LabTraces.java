package dev.tunnelkeeper.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds whatever a lab left on the machine: namespaces, WireGuard sockets, processes, its directory. */
final class LabTraces {
    private LabTraces() {
    }

    /** Descriptions of every trace of the lab with this prefix; empty when it is fully gone. */
    static List<String> of(String prefix, List<Long> pids, Path directory) {
        List<String> traces = new ArrayList<>();
        String namespaces = Commands.check(List.of(LabTools.path("ip"), "netns", "list"));
        namespaces.lines().filter(line -> line.startsWith(prefix + "-")).forEach(line -> traces.add("namespace " + line));
        entries(WireGuardSockets.DIR).filter(name -> name.startsWith(prefix + "-"))
                .forEach(name -> traces.add("WireGuard socket " + name));
        pids.stream().filter(ProcStat::isRunning).forEach(pid -> traces.add("process " + pid));
        processesMentioning(prefix).forEach(process -> traces.add("process " + process));
        if (Files.exists(directory)) {
            traces.add("directory " + directory);
        }
        return traces;
    }

    /** Every lab process carries the prefix on its command line (interface name, config path or -D flag). */
    private static List<String> processesMentioning(String prefix) {
        return entries(Path.of("/proc"))
                .filter(name -> name.chars().allMatch(Character::isDigit))
                .filter(pid -> ProcStat.isRunning(Long.parseLong(pid)))
                .map(pid -> pid + " " + commandLine(pid))
                .filter(line -> line.contains(prefix))
                .toList();
    }

    private static String commandLine(String pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", pid, "cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static Stream<String> entries(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(path -> path.getFileName().toString()).toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
