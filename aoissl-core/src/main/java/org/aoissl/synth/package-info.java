/**
 * Synthetic wire-bond scenes: two-buffer AOI images of wire-bonded packages with exact masks, the
 * stand-in for a plant's private images in demos, tests and benchmarks. Everything is deterministic
 * from the {@link org.aoissl.synth.DeviceSpec} (a product: die, pads, leads, wiring, epoxy, lighting)
 * and an image seed (a part on the line: placement jitter, wire shape, epoxy spread, lighting drift,
 * sometimes a missing wire); a {@link org.aoissl.synth.Shift} adds a lighting or focus shift.
 *
 * <p>Scene, in painting order: dark background; leadframe metal (lead fingers pointing at the die
 * on two to four sides, die paddle, tie bars, spot plating at the lead ends); epoxy fillet with a
 * ragged, blobby outline; die with circuitry and bond pads; balls on pads; wires as cubic Bezier
 * curves from ball centre to wedge; wedges (tapered capsules) on the lead ends. Buffer 0 is
 * coaxial bright-field (flat metal bright, wires dark with a specular line, epoxy dull), buffer 1 is
 * ring dark-field (edges, wire tops, bond rims and the epoxy meniscus bright). The sensor adds
 * vignetting, gain and offset, defocus blur, read and shot noise and quantises to 8 or 16 bits.
 *
 * <p>Mask rule ({@link org.aoissl.data.ClassSet#DEFAULT} order). Every shape is rendered with
 * anti-aliased coverage, and a layer is present in the mask exactly where its coverage is at least
 * 0.5 (the pixel centre lies inside the shape). A ball or wedge pixel is only that bond, never wire,
 * even where the wire is drawn over its ball: the bond's whole footprint is what inspection measures.
 * Epoxy is labelled wherever the die does not cover it, including under wires and bonds, so a wire
 * over the fillet is both wire and epoxy. The ignore plane is the image border, {@code
 * max(2, size / 128)} pixels wide (of the shorter side); there is no ignore band along class
 * boundaries.
 *
 * <p>{@link org.aoissl.synth.TransferDevices} is the cross-device transfer benchmark: a device whose
 * units vary as on a real line ({@link org.aoissl.synth.Variation#LINE}), its package on another
 * leadframe, under another magnification and under other lighting, and two other package types,
 * on square or non-square images with one or two buffers ({@link org.aoissl.synth.TransferConfig}).
 */
package org.aoissl.synth;
