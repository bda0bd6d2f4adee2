/**
 * The exceptions every layer may throw and the command line maps to exit statuses (see {@code
 * cli.ExitCodes#of}); depends on nothing else in the project.
 */
package io.robustness.jobs.errors;
