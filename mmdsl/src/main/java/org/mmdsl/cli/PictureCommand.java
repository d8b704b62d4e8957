package org.mmdsl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.mmdsl.cli.ScenarioLoader.Loaded;
import org.mmdsl.interpreter.Interpreter;
import org.mmdsl.interpreter.PictureEvent;
import org.mmdsl.interpreter.Run;
import org.mmdsl.interpreter.RunEvent;
import org.mmdsl.picture.Picture;
import org.mmdsl.picture.Pictures;
import org.mmdsl.picture.svg.SvgRenderer;
import org.mmdsl.runtime.Kernel;
import org.mmdsl.runtime.Task;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mmdsl picture KIND FILE [--task T] [--at ADDR] [-o OUT.svg]}: plays the scenario and draws the
 * machine as the run left it (docs/pictures.md), as SVG on standard output or into OUT.svg. Also the
 * writer of {@code mmdsl run --pictures DIR}: one SVG per {@code show picture}, named FILE.LINE.KIND.svg.
 */
@Command(name = "picture", description = "Play a scenario and draw its end state as SVG: maps, physical, kernel, "
        + "walk or buddy (docs/pictures.md).")
final class PictureCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KIND", description = "maps, physical, kernel, walk or buddy")
    String kind;

    @Parameters(index = "1", paramLabel = "FILE", description = "the .mmdsl scenario")
    Path file;

    @Option(names = "--task", paramLabel = "T", description = "whose memory (maps, walk): a process or thread name; "
            + "by default the only live task")
    String task;

    @Option(names = "--at", paramLabel = "ADDR", description = "the address to walk (walk), 0x... or decimal")
    String at;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.svg", description = "write the SVG there instead of "
            + "standard output")
    Path output;

    @Override
    public Integer call() {
        Picture.Kind k = Picture.Kind.byWord(kind);
        if (k == null) {
            return usage("'" + kind + "' is not a kind of picture: write maps, physical, kernel, walk or buddy");
        }
        long vaddr = 0;
        if (k == Picture.Kind.WALK) {
            if (at == null) {
                return usage("a walk needs the address: write `mmdsl picture walk FILE --at 0x...`");
            }
            try {
                vaddr = at.startsWith("0x") || at.startsWith("0X") ? Long.parseUnsignedLong(at.substring(2), 16)
                        : Long.parseLong(at);
            } catch (NumberFormatException e) {
                return usage("--at " + at + " is not an address: write it as 0x... or in decimal");
            }
        } else if (at != null) {
            return usage("--at is the address of a walk: `mmdsl picture walk FILE --at ADDR`");
        }
        Loaded l = ScenarioLoader.load(file);
        if (l == null || l.printIssues() > 0) {
            return MmdslCli.INVALID;
        }
        Run run = Interpreter.run(l.scenario(), new Interpreter.Limits(10_000_000, 60_000), null);
        Kernel kernel = run.kernel();
        if (kernel == null) {
            return usage(file + ": the machine did not boot, there is nothing to draw");
        }
        Task t = null;
        if (k == Picture.Kind.MAPS || k == Picture.Kind.WALK) {
            List<Task> live = kernel.tasks().stream().filter(x -> !x.exited() && x.mm() != null).toList();
            if (task != null) {
                t = live.stream().filter(x -> x.comm().equals(task)).reduce((a, b) -> b).orElse(null);
                if (t == null) {
                    return usage(file + ": no live task is called '" + task + "' at the end of the run; live tasks: "
                            + names(live));
                }
            } else if (live.size() == 1) {
                t = live.get(0);
            } else {
                return usage(file + ": say whose memory to draw with --task T; live tasks: " + names(live));
            }
        } else if (task != null) {
            return usage("a picture of " + kind + " draws the whole machine and takes no --task");
        }
        String svg = SvgRenderer.render(Pictures.of(k, kernel, t, vaddr));
        if (output == null) {
            ScenarioLoader.out.print(svg);
            return MmdslCli.OK;
        }
        try {
            Files.writeString(output, svg);
        } catch (IOException e) {
            ScenarioLoader.err.println("mmdsl: cannot write " + output + ": " + e.getMessage());
            return MmdslCli.INVALID;
        }
        ScenarioLoader.out.println("wrote " + output);
        return MmdslCli.OK;
    }

    private static String names(List<Task> live) {
        return live.isEmpty() ? "none" : String.join(", ", live.stream().map(Task::comm).toList());
    }

    private static int usage(String message) {
        ScenarioLoader.err.println("mmdsl picture: " + message);
        return MmdslCli.INVALID;
    }

    /**
     * Writes the run's pictures into {@code dir} as FILE.LINE.KIND.svg (FILE without .mmdsl; a second
     * picture from the same line, in a repeat, gets -2, -3, ...); returns each event's file, in run order.
     */
    static Map<RunEvent, Path> write(Loaded l, Run run, Path dir) throws IOException {
        Files.createDirectories(ScenarioLoader.resolve(dir));
        Map<RunEvent, Path> written = new java.util.IdentityHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        String stem = l.file().getFileName().toString().replaceFirst("\\.mmdsl$", "");
        for (RunEvent re : run.events()) {
            if (re.event() instanceof PictureEvent p) {
                int line = re.cause() == null ? 0 : NodeModelUtils.getNode(re.cause()).getStartLine();
                String name = stem + "." + line + "." + p.picture().kind().word();
                int n = seen.merge(name, 1, Integer::sum);
                Path f = dir.resolve(name + (n == 1 ? "" : "-" + n) + ".svg");
                Files.writeString(ScenarioLoader.resolve(f), SvgRenderer.render(p.picture()));
                written.put(re, f);
            }
        }
        return written;
    }
}
