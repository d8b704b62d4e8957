/**
 * Pictures in the editors (issue 14 point 4): {@link org.mmdsl.ide.picture.PictureAnchors} finds where a
 * picture can be asked for (each {@code show picture} statement, each process or thread block),
 * {@link org.mmdsl.ide.picture.EditorPictures} draws one from the editor's run with mmdsl's picture model
 * and SVG renderer (org.mmdsl.picture), and server.MmdslLanguageServer answers {@code mmdsl/picture}
 * with it ({@link org.mmdsl.ide.picture.PictureParams}, {@link org.mmdsl.ide.picture.PictureAnswer}). The
 * code lenses (codelens) and the {@code mmdsl.showPicture} command give clients without the request
 * the text form.
 */
package org.mmdsl.ide.picture;
