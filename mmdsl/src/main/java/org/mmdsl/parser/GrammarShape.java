package org.mmdsl.parser;

import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.xtext.AbstractElement;
import org.eclipse.xtext.Action;
import org.eclipse.xtext.Alternatives;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Group;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ParserRule;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.TerminalRule;
import org.mmdsl.runtime.Vocabulary;
import org.mmdsl.runtime.arch.KernelModel;
import org.mmdsl.runtime.uapi.KernelWord;

/**
 * How a grammar rule is written, in the notation of docs/language.md, read from the grammar itself:
 * {@code pti on|off}, {@code highmem [off|on|SIZE]}, {@code tlb N entries N ways}, {@code nodes N [, N]... [distance N]}. Keywords are
 * themselves, a number is SIZE when the feature is a size and N otherwise, a rule of keywords is its
 * words joined by '|', an optional part is in brackets, a repeated one is followed by "...". So a syntax error lists a new boot option
 * without an edit here. Does not render cross-references or nested statements (it is meant for the
 * one-line options of {@code boot}).
 */
public final class GrammarShape {
    private GrammarShape() {
    }

    /** The shape of each alternative of {@code rule} ("ram SIZE", "arch i386|x86_64 [pae|la57]", ...). */
    public static List<String> alternatives(ParserRule rule) {
        AbstractElement body = rule.getAlternatives();
        List<AbstractElement> alts = body instanceof Alternatives a ? a.getElements() : List.of(body);
        return alts.stream().map(GrammarShape::of).collect(Collectors.toList());
    }

    /** The shape of one element. */
    public static String of(AbstractElement e) {
        String s = bare(e);
        if (s.isEmpty() || e.getCardinality() == null) {
            return s;
        }
        return switch (e.getCardinality()) {
            case "?" -> "[" + s + "]";
            case "*" -> "[" + s + "]...";
            default -> s + "..."; // +
        };
    }

    private static String bare(AbstractElement e) {
        if (e instanceof Keyword k) {
            return k.getValue();
        } else if (e instanceof Action) {
            return "";
        } else if (e instanceof Assignment a) {
            if ("?=".equals(a.getOperator())) {
                return bare(a.getTerminal());
            }
            if (a.getTerminal() instanceof RuleCall rc && rc.getRule().getName().equals("Number")) {
                return a.getFeature().equals("size") ? "SIZE" : "N";
            }
            return bare(a.getTerminal());
        } else if (e instanceof RuleCall rc) {
            if (rc.getRule() instanceof ParserRule r && !GrammarUtil.isDatatypeRule(r)) {
                return of(r.getAlternatives());
            }
            if (rc.getRule() instanceof ParserRule r) {
                return of(r.getAlternatives()); // a rule of keywords: i386|x86_64
            }
            if (rc.getRule() instanceof TerminalRule t) {
                return terminal(t.getName());
            }
            return rc.getRule().getName();
        } else if (e instanceof Alternatives alt) {
            return alt.getElements().stream().map(GrammarShape::of).filter(s -> !s.isEmpty())
                    .collect(Collectors.joining("|"));
        } else if (e instanceof Group g) {
            return g.getElements().stream().map(GrammarShape::of).filter(s -> !s.isEmpty())
                    .collect(Collectors.joining(" "));
        }
        return "";
    }

    /** The values a terminal takes where the vocabulary lists them (3G/1G|2G/2G|1G/3G; 2.6|6.1|6.18). */
    private static String terminal(String name) {
        return switch (name) {
            case "SPLIT" -> Vocabulary.SPLITS.words().stream().map(KernelWord::word).collect(Collectors.joining("|"));
            case "VERSION" -> java.util.Arrays.stream(KernelModel.values()).map(m -> m.label)
                    .collect(Collectors.joining("|"));
            case "SIZE" -> "SIZE";
            case "INT" -> "N";
            default -> name;
        };
    }
}
