import { useCallback, useState } from "react";

/** The add/edit modal over a list: `openModal(null)` to add, `openModal(item)` to edit `item`. */
export function useEditModal<T>() {
  const [modalOpen, setModalOpen] = useState(false);
  const [editing, setEditing] = useState<T | null>(null);
  const openModal = useCallback((item: T | null) => {
    setEditing(item);
    setModalOpen(true);
  }, []);
  const closeModal = useCallback(() => setModalOpen(false), []);
  return { modalOpen, editing, openModal, closeModal };
}
