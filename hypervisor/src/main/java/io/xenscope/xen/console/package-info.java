/**
 * The PV console backend (what xenconsoled does for a domU) over {@code struct xencons_interface}.
 *
 * <p>Difference from xenconsoled, on purpose: xenconsoled silently skips a ring whose
 * {@code prod - cons} exceeds the array; we report it once through
 * {@link io.xenscope.xen.console.ConsoleListener#ringCorrupt} (a porter wants to know) and stop
 * processing that ring until {@link io.xenscope.xen.console.ConsoleBackend#reset()}.
 */
package io.xenscope.xen.console;
