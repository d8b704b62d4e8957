package org.mmdsl.ide.semantictokens;

import java.util.List;

/**
 * The semantic tokens' legend: the token types and modifiers whose indices {@link MmdslSemanticTokens}
 * answers with, in that order. A class of its own, holding nothing but the two lists, because the server
 * advertises them in its answer to {@code initialize} before the language exists
 * ({@code MmdslCapabilities}): {@link MmdslSemanticTokens}' own class initialiser reaches EMF's package of
 * the language, and initialising that on the protocol's thread while the language's injector initialises
 * it on another can deadlock (EMF's package initialisers refer to each other).
 */
public final class SemanticTokenLegend {
    private SemanticTokenLegend() {
    }

    /** LSP's token types, indexed by the answer's type field. */
    public static final List<String> TYPES = List.of("keyword", "number", "string", "comment", "variable", "class",
            "enumMember", "operator", "function");

    /** LSP's token modifiers, as bits of the answer's modifier field. */
    public static final List<String> MODIFIERS = List.of("declaration");
}
