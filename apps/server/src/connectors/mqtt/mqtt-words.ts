/** An MQTT client error in words a user can act on (the broker URL, the password, the ACL). */
export function mqttErrorInWords(err: unknown, url: string): string {
  const e = err as { code?: unknown; message?: unknown };
  const code = e?.code;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (code === 'ECONNREFUSED') return `no MQTT broker answers at ${url} (connection refused)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve the host of ${url}`;
  if (code === 'ETIMEDOUT') return `the MQTT broker at ${url} did not answer in time`;
  // CONNACK return codes (MQTT 3.1.1) and reason codes (MQTT 5) for refused credentials.
  // mosquitto answers a wrong password with 5 (not authorized) rather than 4.
  if (
    code === 4 ||
    code === 5 ||
    code === 134 ||
    code === 135 ||
    /bad user name|not authori[sz]ed/i.test(message)
  )
    return `the MQTT broker at ${url} refused the login: wrong username or password, or not authorized`;
  if (code === 2 || code === 133) return `the MQTT broker at ${url} refused the client id`;
  return `MQTT broker ${url}: ${message}`;
}
