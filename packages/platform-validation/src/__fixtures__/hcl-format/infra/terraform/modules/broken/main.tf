resource "aws_s3_bucket" "this" {
  bucket = "orders"
  force_destroy = false
}
