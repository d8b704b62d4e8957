/**
 * Pictures of the machine (issue 14): a {@link org.mmdsl.picture.Picture} is a model of what is drawn
 * (tiles, labels, lines, colours as {@link org.mmdsl.picture.Role}s, coordinates) built from the runtime's
 * state at one step of a run, read-only: building one faults nothing, fills no TLB entry and allocates no
 * frame. {@link org.mmdsl.picture.Pictures} builds the five kinds (maps, physical, kernel, walk, buddy);
 * {@link org.mmdsl.picture.svg.SvgRenderer} is the one renderer (JFreeSVG). The CLI writes the SVG files;
 * the HTML report and the editors are meant to reuse the same model and renderer. docs/pictures.md says
 * what each picture shows and what it simplifies.
 */
package org.mmdsl.picture;
