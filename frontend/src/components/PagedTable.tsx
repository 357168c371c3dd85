import type { ReactNode } from "react";
import { Table, type TableColumnsType, type TableProps } from "antd";
import type { Page } from "../api/types";

interface Props<T> extends Pick<TableProps<T>, "rowKey" | "size" | "locale" | "rowClassName"> {
  /** The page of results the server sent (nothing yet: an empty table). */
  data: Pick<Page<T>, "count" | "results"> | null | undefined;
  page: number;
  onPageChange: (page: number) => void;
  loading: boolean;
  columns: TableColumnsType<T>;
  /** Opens a row on double-click. */
  onOpen?: (row: T) => void;
  /** data-testid of the div around the table. */
  testId?: string;
  pageSize?: number;
  showTotal?: (total: number) => ReactNode;
}

/** A table over one page of a server-paginated list: the pager shows the server's count and hides on a single page. */
export function PagedTable<T extends object>({
  data,
  page,
  onPageChange,
  loading,
  columns,
  onOpen,
  testId,
  pageSize = 20,
  showTotal,
  rowKey = "id",
  ...rest
}: Props<T>) {
  return (
    <div data-testid={testId}>
      <Table<T>
        rowKey={rowKey}
        {...rest}
        columns={columns}
        dataSource={data?.results ?? []}
        loading={loading}
        scroll={{ x: "max-content" }}
        onRow={onOpen ? (row) => ({ onDoubleClick: () => onOpen(row) }) : undefined}
        pagination={{
          current: page,
          pageSize,
          total: data?.count ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal,
          onChange: onPageChange,
        }}
      />
    </div>
  );
}
