import { api } from "../api/client";
import type { Page } from "../api/types";
import { listOf } from "../loyalty/api";
import type { CatalogSchema, Category, CategoryPayload, Product, ProductPayload, ProductQuery, Store, StorePayload } from "./types";

/** Drop empty filters so they are not sent as `?q=`. */
function compact<T extends object>(query: T): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") out[k] = v as string | number;
  return out;
}

// Stores (DELETE deactivates and answers 200 with the store)
export const listStores = () => api.get<Store[] | Page<Store>>("stores/", { query: { page_size: 200 } }).then(listOf);
export const createStore = (payload: StorePayload) => api.post<Store>("stores/", payload);
export const updateStore = (id: number, payload: Partial<StorePayload>) => api.patch<Store>(`stores/${id}/`, payload);
export const deactivateStore = (id: number) => api.delete<Store>(`stores/${id}/`);

// Categories (DELETE deletes: 204, or 409 in_use while it has sub-categories)
export const listCategories = () =>
  api.get<Category[] | Page<Category>>("categories/", { query: { page_size: 200 } }).then(listOf);
export const createCategory = (payload: CategoryPayload) => api.post<Category>("categories/", payload);
export const updateCategory = (id: number, payload: Partial<CategoryPayload>) =>
  api.patch<Category>(`categories/${id}/`, payload);
export const deleteCategory = (id: number) => api.delete(`categories/${id}/`);

// Products and services (DELETE deactivates and answers 200 with the product)
export const listProducts = (query: ProductQuery, signal?: AbortSignal) =>
  api.get<Page<Product>>("products/", { query: compact(query), signal });
export const getProduct = (id: number) => api.get<Product>(`products/${id}/`);
export const createProduct = (payload: ProductPayload) => api.post<Product>("products/", payload);
export const updateProduct = (id: number, payload: Partial<ProductPayload>) => api.patch<Product>(`products/${id}/`, payload);
export const deactivateProduct = (id: number) => api.delete<Product>(`products/${id}/`);
/** An active product by barcode or SKU; 404 (ApiError status 404) when none. */
export const scanProduct = (code: string) => api.get<Product>("products/scan/", { query: { code } });
/** The JSON Schema of Product.extra and the product kinds this shop offers (any staff). */
export const getCatalogSchema = (signal?: AbortSignal) => api.get<CatalogSchema>("products/schema/", { signal });

// Product image (JPEG, PNG or WebP, at most 5 MB; owner or manager). Both answer with the product.
export function uploadProductImage(id: number, file: Blob) {
  const body = new FormData();
  body.append("image", file);
  return api.post<Product>(`products/${id}/image/`, body);
}
export const removeProductImage = (id: number) => api.delete<Product>(`products/${id}/image/`);
