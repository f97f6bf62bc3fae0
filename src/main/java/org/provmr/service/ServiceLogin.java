package org.provmr.service;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.UserGroupInformation;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's own Kerberos login on a secured cluster: with
 * {@code provenance.serve.kerberos.principal} and {@code .keytab} set, {@code provmr serve}
 * logs in from the keytab before it touches HDFS or binds, the way Hadoop's daemons do
 * ({@code SecurityUtil.login}: {@code _HOST} becomes this host's name); Hadoop's UGI then
 * re-logs in from the keytab when the ticket nears its end. Without them it runs as the
 * current user (a kinit ticket cache on a secured cluster, nothing on an insecure one).
 */
public final class ServiceLogin {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceLogin.class);

  private ServiceLogin() {
  }

  /**
   * The keytab and principal to log in with, checked: both or neither, the keytab a readable
   * local file, the cluster's authentication Kerberos. Null when none is configured.
   */
  static String[] configured(Configuration conf) {
    String principal = conf.getTrimmed(ProvenanceKeys.SERVE_KERBEROS_PRINCIPAL, "");
    String keytab = conf.getTrimmed(ProvenanceKeys.SERVE_KERBEROS_KEYTAB, "");
    if (principal.isEmpty() && keytab.isEmpty()) {
      return null;
    }
    if (principal.isEmpty() || keytab.isEmpty()) {
      throw new BadConfigurationException("set both " + ProvenanceKeys.SERVE_KERBEROS_PRINCIPAL
          + " and " + ProvenanceKeys.SERVE_KERBEROS_KEYTAB + ", or neither (got "
          + (principal.isEmpty() ? "only the keytab '" + keytab + "'"
              : "only the principal '" + principal + "'") + ")");
    }
    File f = new File(keytab);
    if (!f.isFile() || !f.canRead()) {
      throw new BadConfigurationException(ProvenanceKeys.SERVE_KERBEROS_KEYTAB + "='" + keytab
          + "' is not a readable file: name the local keytab holding " + principal);
    }
    if (!"kerberos".equals(conf.getTrimmed("hadoop.security.authentication", "simple"))) {
      throw new BadConfigurationException(ProvenanceKeys.SERVE_KERBEROS_PRINCIPAL + " is set"
          + " but hadoop.security.authentication is not kerberos: a keytab login needs the"
          + " cluster's core-site.xml (HADOOP_CONF_DIR), or unset the key");
    }
    return new String[] {principal, keytab};
  }

  /** Logs in from the keytab when one is configured; otherwise does nothing. */
  public static void login(Configuration conf) throws IOException {
    String[] pk = configured(conf);
    if (pk == null) {
      return;
    }
    UserGroupInformation.setConfiguration(conf);
    String host = InetAddress.getLocalHost().getCanonicalHostName();
    String principal = SecurityUtil.getServerPrincipal(pk[0], host);
    UserGroupInformation.loginUserFromKeytab(principal, pk[1]);
    LOG.info("Logged in from keytab {} as {}", pk[1], UserGroupInformation.getLoginUser());
  }
}
