/**
 * Patchbay's test kit: Pax Exam tests of protocol handlers (and of Patchbay itself) on the real
 * distribution. Start from {@link dev.patchbay.testkit.PatchbaySupport}; clients for the stock
 * codecs are {@link dev.patchbay.testkit.LineClient}, {@link dev.patchbay.testkit.FrameClient}
 * and {@link dev.patchbay.testkit.RawClient}; {@link dev.patchbay.testkit.VerifiedLoad} keeps
 * verified request/response load running across a handler swap and reports every lost,
 * reordered or wrong reply; {@link dev.patchbay.testkit.BundleJars} builds second versions of a
 * bundle inside a test; {@link dev.patchbay.testkit.RecordingSession} unit-tests a handler
 * without a server.
 */
package dev.patchbay.testkit;
