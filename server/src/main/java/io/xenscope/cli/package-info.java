/** The xenscope command line. */
package io.xenscope.cli;
