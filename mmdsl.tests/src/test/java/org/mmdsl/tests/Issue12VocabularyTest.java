package org.mmdsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.AbstractElement;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.Alternatives;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ParserRule;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmdsl.mmdsl.MapFlag;
import org.mmdsl.mmdsl.MmdslPackage;
import org.mmdsl.mmdsl.MsyncFlag;
import org.mmdsl.parser.GrammarWords;
import org.mmdsl.parser.ShowTargets;
import org.mmdsl.runtime.Vocabulary;
import org.mmdsl.runtime.Vocabulary.WordSet;
import org.mmdsl.runtime.uapi.KernelWord;
import org.mmdsl.services.MmdslGrammarAccess;

import com.google.inject.Inject;

/**
 * Issue 12 point 1: the grammar cannot read Java, so this test reads the grammar (the generated grammar
 * access and EMF enum literals, not a hand list) and compares each set of words it spells with the
 * vocabulary (runtime Vocabulary), both ways: a flag added to the vocabulary without its grammar line,
 * or to the grammar without its vocabulary entry, fails here. Every vocabulary set is covered: a new set
 * needs a line below.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(MmdslInjectorProvider.class)
class Issue12VocabularyTest {

    @Inject
    private MmdslGrammarAccess grammar;

    /** The words the grammar spells for each set the grammar spells itself. */
    private Map<WordSet, Set<String>> grammarWords() {
        Map<WordSet, Set<String>> m = new LinkedHashMap<>();
        Set<String> mapFlags = new TreeSet<>();
        for (MapFlag f : MapFlag.VALUES) {
            mapFlags.add(f.getLiteral());
        }
        mapFlags.addAll(booleanKeywords(grammar.getMmapRule(), Set.of("remap", "insert", "fault", "pfn")));
        m.put(Vocabulary.MAP_FLAGS, mapFlags);
        m.put(Vocabulary.MAP_TYPES, keywords(grammar.getSharingRule(), Set.of()));
        Set<String> prot = new TreeSet<>();
        for (Keyword k : GrammarUtil.containedKeywords(grammar.getPROTRule())) {
            if (Character.isLetter(k.getValue().charAt(0))) {
                prot.add(k.getValue());
            }
        }
        prot.addAll(booleanKeywords(grammar.getMprotectRule(), Set.of()));
        m.put(Vocabulary.PROT, prot);
        m.put(Vocabulary.MREMAP_FLAGS, keywords(grammar.getMremapRule(), Set.of("mremap", "at", "bits", "(", ")")));
        Set<String> msync = new TreeSet<>();
        for (MsyncFlag f : MsyncFlag.VALUES) {
            msync.add(f.getLiteral());
        }
        m.put(Vocabulary.MSYNC_FLAGS, msync);
        m.put(Vocabulary.MLOCK_FLAGS, booleanKeywords(grammar.getMlockRule(), Set.of()));
        m.put(Vocabulary.MLOCKALL_FLAGS, booleanKeywords(grammar.getMlockallRule(), Set.of("mlockall")));
        Set<String> show = new TreeSet<>();
        for (ParserRule r : List.of(grammar.getTopStatementRule(), grammar.getProcessStatementRule(),
                grammar.getKernelStatementRule())) {
            show.addAll(ShowTargets.list(r));
        }
        m.put(Vocabulary.SHOW_TARGETS, show);
        Set<String> boot = new TreeSet<>();
        for (AbstractElement e : ((Alternatives) grammar.getBootOptionRule().getAlternatives()).getElements()) {
            boot.add(GrammarUtil.containedKeywords(((RuleCall) e).getRule()).get(0).getValue());
        }
        m.put(Vocabulary.BOOT_PARAMS, boot);
        Set<String> arch = keywords(grammar.getArchNameRule(), Set.of());
        arch.addAll(keywords(grammar.getArchVariantRule(), Set.of()));
        m.put(Vocabulary.ARCHES, arch);
        Set<String> rss = new TreeSet<>();
        org.mmdsl.mmdsl.RssCounter.VALUES.forEach(c -> rss.add(c.getLiteral()));
        m.put(Vocabulary.MM_COUNTERS, rss);
        return m;
    }

    @Test
    void everySetTheGrammarSpellsIsTheVocabularysBothWays() {
        List<String> diff = new ArrayList<>();
        grammarWords().forEach((set, words) -> {
            Set<String> vocabulary = new TreeSet<>(set.spellings());
            Set<String> onlyGrammar = new TreeSet<>(words);
            onlyGrammar.removeAll(vocabulary);
            Set<String> onlyVocabulary = new TreeSet<>(vocabulary);
            onlyVocabulary.removeAll(words);
            if (!onlyGrammar.isEmpty()) {
                diff.add(set.name() + ": the grammar has " + onlyGrammar + ", the vocabulary does not");
            }
            if (!onlyVocabulary.isEmpty()) {
                diff.add(set.name() + ": the vocabulary has " + onlyVocabulary + ", the grammar does not");
            }
        });
        assertEquals(List.of(), diff);
    }

    /** The enum literals keep the vocabulary's order, so messages that list them read the same. */
    @Test
    void theGrammarsEnumsKeepTheVocabularysOrder() {
        List<String> flags = new ArrayList<>();
        MapFlag.VALUES.forEach(f -> flags.add(f.getLiteral()));
        assertEquals(Vocabulary.MAP_FLAGS.spellings().subList(0, flags.size()), flags);
        List<String> msync = new ArrayList<>();
        MsyncFlag.VALUES.forEach(f -> msync.add(f.getLiteral()));
        assertEquals(Vocabulary.MSYNC_FLAGS.spellings(), msync);
    }

    /** Where the grammar takes a set's word as an ID, the rule and feature exist and take an ID. */
    @Test
    void everyIdFeatureOfTheVocabularyIsInTheGrammar() {
        for (String key : GrammarWords.ID_SETS.keySet()) {
            String[] rf = key.split("\\.");
            EClass c = (EClass) MmdslPackage.eINSTANCE.getEClassifier(rf[0]);
            assertNotNull(c, key);
            EStructuralFeature f = c.getEStructuralFeature(rf[1]);
            assertNotNull(f, key);
            assertTrue(idAssignment(GrammarUtil.findRuleForName(grammar.getGrammar(), rf[0]), rf[1]), key + " takes an ID");
        }
        assertTrue(idAssignment(grammar.getKmapLocalRule(), "kmType"), "KmapLocal.kmType takes a km_type as an ID");
        for (KernelWord v : Vocabulary.KERNEL_VERSIONS.words()) {
            assertTrue(v.word().matches("[0-9]+\\.[0-9]+"), v.word() + " is a VERSION token");
        }
        for (KernelWord v : Vocabulary.SPLITS.words()) {
            assertTrue(v.word().matches("[1-3]G/[1-3]G"), v.word() + " is a SPLIT token");
        }
    }

    /** Each vocabulary set is checked above: by its grammar spelling, as an ID feature, or as a VERSION or SPLIT token. */
    @Test
    void everyVocabularySetIsChecked() {
        Set<WordSet> covered = new HashSet<>(grammarWords().keySet());
        covered.addAll(GrammarWords.ID_SETS.values());
        covered.add(Vocabulary.KM_TYPES);
        covered.add(Vocabulary.KERNEL_VERSIONS);
        covered.add(Vocabulary.SPLITS);
        List<String> missing = new ArrayList<>();
        for (WordSet s : Vocabulary.SETS) {
            if (!covered.contains(s)) {
                missing.add(s.name());
            }
        }
        assertEquals(List.of(), missing);
    }

    /**
     * The TextMate grammar the build generates (TextMateGrammar) colours every keyword of the grammar, and
     * every vocabulary word the grammar spells as a flag constant: none of the 6-of-11 of the old hand file.
     */
    @Test
    void theTextMateGrammarCoversEveryKeywordAndFlag() {
        com.google.gson.JsonObject tm = com.google.gson.JsonParser.parseString(
                org.mmdsl.ide.textmate.TextMateGrammar.json(grammar)).getAsJsonObject();
        Map<String, Set<String>> byScope = new LinkedHashMap<>();
        for (com.google.gson.JsonElement p : tm.getAsJsonArray("patterns")) {
            com.google.gson.JsonObject o = p.getAsJsonObject();
            String match = o.has("match") ? o.get("match").getAsString() : "";
            if (match.startsWith("\\b(") && match.endsWith(")\\b") && match.matches("\\\\b\\([A-Za-z0-9_|]*\\)\\\\b")) {
                byScope.put(o.get("name").getAsString(), new TreeSet<>(List.of(match.substring(3, match.length() - 3).split("\\|"))));
            }
        }
        Set<String> flags = byScope.get("constant.language.flag.mmdsl");
        assertTrue(flags.containsAll(Vocabulary.MAP_FLAGS.spellings()), "mmap flags: " + flags);
        assertTrue(byScope.get("constant.other.errno.mmdsl").containsAll(Vocabulary.ERRNOS.spellings()));
        assertTrue(byScope.get("constant.other.errno.mmdsl").containsAll(Vocabulary.GFP_FLAGS.spellings()));
        Set<String> keywords = new TreeSet<>(GrammarUtil.getAllKeywords(grammar.getGrammar()));
        keywords.removeIf(w -> !w.matches("[A-Za-z0-9_]*[A-Za-z_][A-Za-z0-9_]*"));
        Set<String> coloured = new TreeSet<>();
        byScope.values().forEach(coloured::addAll);
        keywords.removeAll(coloured);
        assertEquals(Set.of(), keywords, "keywords without a colour");
    }

    private static final java.nio.file.Path LANGUAGE_MD = java.nio.file.Path.of("../docs/language.md");
    private static final String BEGIN = "<!-- words: generated from org.mmdsl.runtime.Vocabulary by Issue12VocabularyTest "
            + "(-Dvocabulary.update=true); do not edit by hand -->";
    private static final String END = "<!-- words: end -->";

    /**
     * docs/language.md's word tables are the vocabulary: the section between the markers is generated from
     * it and this test fails when they differ ({@code -Dvocabulary.update=true} rewrites the section, to be
     * reviewed with the change that altered the vocabulary).
     */
    @Test
    void theDocsWordTablesAreTheVocabulary() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(LANGUAGE_MD);
        int b = doc.indexOf(BEGIN);
        int e = doc.indexOf(END);
        assertTrue(b >= 0 && e > b, "docs/language.md has the generated word tables between " + BEGIN + " and " + END);
        String expected = BEGIN + "\n" + wordTables() + END;
        if (Boolean.getBoolean("vocabulary.update")) {
            java.nio.file.Files.writeString(LANGUAGE_MD, doc.substring(0, b) + expected + doc.substring(e + END.length()));
            return;
        }
        assertEquals(expected, doc.substring(b, e + END.length()));
    }

    /** One table per vocabulary set: word, kernel spelling, value, first release, meaning. */
    static String wordTables() {
        Set<WordSet> numbered = Set.of(Vocabulary.ERRNOS, Vocabulary.SIGNALS, Vocabulary.SI_CODES, Vocabulary.MADVISE,
                Vocabulary.RLIMITS, Vocabulary.MM_COUNTERS);
        Set<WordSet> unnumbered = Set.of(Vocabulary.SHOW_TARGETS, Vocabulary.KERNEL_VERSIONS, Vocabulary.ZONES,
                Vocabulary.KM_TYPES, Vocabulary.SYSCTLS, Vocabulary.ZONE_MARKS, Vocabulary.BOOT_PARAMS, Vocabulary.ARCHES,
                Vocabulary.MM_FIELDS);
        StringBuilder sb = new StringBuilder();
        for (WordSet set : Vocabulary.SETS) {
            sb.append("\n### ").append(set.name()).append("\n\n").append(set.source()).append("\n\n");
            sb.append("| word | kernel | value | since | meaning |\n|---|---|---|---|---|\n");
            for (KernelWord w : set.words()) {
                String value = unnumbered.contains(set) ? "" : numbered.contains(set) ? Long.toString(w.value())
                        : "0x" + Long.toHexString(w.value());
                String since = (w.since() == null ? "" : w.since())
                        + (w.removedIn() == null ? "" : (w.since() == null ? "" : " ") + "(gone in " + w.removedIn() + ")");
                sb.append("| `").append(w.word()).append("` | ").append(w.kernelName().replace("|", "\\|")).append(" | ")
                        .append(value).append(" | ").append(since).append(" | ").append(w.doc().replace("|", "\\|"))
                        .append(" |\n");
            }
        }
        sb.append("\nAn empty \"since\" is older than every kernel mmdsl models (2.6.24).\n\n");
        return sb.toString();
    }

    /** The keywords of a rule, without the structural ones listed. */
    private static Set<String> keywords(AbstractRule rule, Set<String> structural) {
        Set<String> out = new TreeSet<>();
        for (Keyword k : GrammarUtil.containedKeywords(rule)) {
            if (!structural.contains(k.getValue())) {
                out.add(k.getValue());
            }
        }
        return out;
    }

    /** The keywords of a rule's boolean assignments ({@code maymove?='maymove'}), without those listed. */
    private static Set<String> booleanKeywords(AbstractRule rule, Set<String> other) {
        Set<String> out = new LinkedHashSet<>();
        for (Assignment a : GrammarUtil.containedAssignments(rule)) {
            if ("?=".equals(a.getOperator()) && a.getTerminal() instanceof Keyword k && !other.contains(k.getValue())) {
                out.add(k.getValue());
            }
        }
        return new TreeSet<>(out);
    }

    private static boolean idAssignment(AbstractRule rule, String feature) {
        for (Assignment a : GrammarUtil.containedAssignments(rule)) {
            if (a.getFeature().equals(feature) && (a.getTerminal() instanceof RuleCall rc
                    && List.of("ID", "AdviceName", "SysctlName", "MmFieldName", "PteFlagName").contains(rc.getRule().getName()))) {
                return true;
            }
        }
        return false;
    }
}
