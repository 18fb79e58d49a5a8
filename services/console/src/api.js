import { useSession } from "./session.js";

// A call refused by the gateway: its message, and each violated field's description keyed by
// the field's last name (proposal.title -> title), shown next to that field.
export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.fields = {};
    for (const detail of error.details || []) {
      for (const v of detail.fieldViolations || []) {
        this.fields[v.field.split(".").pop()] = v.description;
        this.fields[v.field] = v.description;
      }
    }
  }
}

export async function call(method, path, body, extra = {}) {
  const session = useSession();
  const headers = { Accept: "application/json", ...extra };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const get = (path) => call("GET", path);
export const post = (path, body, headers) => call("POST", path, body || {}, headers);

// What the gateway has at path, or null where it refuses (none there yet, or not for this reader).
export async function lookUp(path) {
  try {
    return await get(path);
  } catch (exc) {
    if (!(exc instanceof ApiError)) throw exc;
    return null;
  }
}

export async function consoleConfig() {
  const response = await fetch("/console/config.json");
  return response.json();
}
