/** A bearer-token call to the running service: the status, the content type, and the body (JSON parsed, else text). */
export async function callApi(base: string, method: 'GET' | 'POST', path: string, bearer: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json') ?? false;
  const parsed: any = json && text ? JSON.parse(text) : text;
  return { status: res.status, type: res.headers.get('content-type'), body: parsed };
}
