package dev.patchbay.support.config;

import java.util.Map;

/**
 * Names of factory configuration instances as an operator sees them: from the {@code .cfg}
 * file FileInstall read, else from the ConfigAdmin PID.
 */
public final class FactoryConfigs {

    /** The property FileInstall sets to the file a configuration came from. */
    public static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private static final String SERVICE_PID = "service.pid";

    private FactoryConfigs() {
    }

    /**
     * The instance's name: the part of the file name after {@code <factoryPid>-}, or of the
     * PID after {@code ~} (Karaf's {@code config:edit --alias}) or after {@code <factoryPid>.}.
     */
    public static String instanceName(String factoryPid, Map<String, ?> props) {
        Object file = props.get(FILEINSTALL_FILENAME);
        if (file != null) {
            String f = file.toString();
            f = f.substring(f.lastIndexOf('/') + 1);
            String prefix = factoryPid + "-";
            if (f.startsWith(prefix) && f.endsWith(".cfg")) {
                return f.substring(prefix.length(), f.length() - ".cfg".length());
            }
        }
        String pid = String.valueOf(props.get(SERVICE_PID));
        int tilde = pid.indexOf('~');
        if (tilde >= 0) {
            return pid.substring(tilde + 1);
        }
        return pid.startsWith(factoryPid + ".") ? pid.substring(factoryPid.length() + 1) : pid;
    }

    /** Where the configuration came from, for log lines: {@code etc/<file>.cfg}, else the PID. */
    public static String source(Map<String, ?> props) {
        Object file = props.get(FILEINSTALL_FILENAME);
        if (file != null) {
            String f = file.toString();
            int etc = f.lastIndexOf("/etc/");
            return etc >= 0 ? f.substring(etc + 1) : f;
        }
        return String.valueOf(props.get(SERVICE_PID));
    }
}
