package dev.patchbay.tls.internal;

/**
 * Key or trust material that cannot be used: the message says why in words an operator can
 * act on, and {@link #file()} names the file (or the configuration key) it concerns. Never
 * carries a password or key bytes.
 */
final class MaterialException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;

    MaterialException(String file, String reason) {
        super(reason);
        this.file = file;
    }

    MaterialException(String file, String reason, Throwable cause) {
        super(reason, cause);
        this.file = file;
    }

    /** The file, or the configuration key, the refusal concerns. */
    String file() {
        return file;
    }
}
