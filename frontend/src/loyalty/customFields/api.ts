import { api } from "../../api/client";
import type { Page } from "../../api/types";
import { listOf } from "../api";
import type { CustomFieldDefinition, CustomFieldPayload } from "./types";

export const listCustomFields = () =>
  api.get<CustomFieldDefinition[] | Page<CustomFieldDefinition>>("custom-fields/", { query: { page_size: 200 } }).then(listOf);
export const createCustomField = (payload: CustomFieldPayload) => api.post<CustomFieldDefinition>("custom-fields/", payload);
/** The key is immutable: never sent on edit. */
export const updateCustomField = (id: number, payload: Partial<Omit<CustomFieldPayload, "key">>) =>
  api.patch<CustomFieldDefinition>(`custom-fields/${id}/`, payload);
/** DELETE retires the field (active=false, 200 with the field); PATCH active=true brings it back. */
export const deleteCustomField = (id: number) => api.delete<CustomFieldDefinition>(`custom-fields/${id}/`);
